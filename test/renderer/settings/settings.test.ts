import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { ProfileView } from '@contract/profiles'
import type { WaitingWork } from '@contract/ipc/channels/profiles'
import { ApiError } from '@renderer/api'
import SettingsView from '@renderer/settings/SettingsView.vue'
import { clickBoxButton, fakeApi, messageBox, mountWithApp, page } from '../support/harness'

const sandbox: ProfileView = {
  id: 'sandbox',
  name: '沙箱（培训模式）',
  kind: 'sandbox',
  gatewayUrl: 'http://127.0.0.1:40000',
  appKey: '1000****01',
  signMethod: 'hmac-sha256',
  simplify: false,
  defaults: { shopId: 'S001' },
  appSecretSet: true,
  sessionKeySet: true,
  active: true,
  builtIn: true,
}

describe('Settings screen', () => {
  it('lists profiles with masked keys and reports a failed connection test in words', async () => {
    const api = fakeApi({
      profilesList: () => [sandbox],
      profilesTestConnection: () => ({
        ok: false,
        key: 'top.error.signature',
        params: { code: 25 },
        top: { code: 25, msg: 'Invalid signature' },
      }),
    })
    const wrapper = await mountWithApp(SettingsView, { api })
    expect(wrapper.find('[data-test="profile-sandbox"]').text()).toContain('沙箱（培训模式）')
    expect(wrapper.find('[data-test="profile-appkey-masked"]').text()).toBe('1000****01')
    await wrapper.find('[data-test="profile-test"]').trigger('click')
    await flushPromises()
    const result = wrapper.find('[data-test="profile-test-result"]').text()
    expect(result).toContain('签名无效')
    expect(result).toContain('25')
    wrapper.unmount()
  })

  it('sends typed secrets, shows field errors inline, and keeps what was typed when the save fails', async () => {
    const save = vi.fn(() => {
      throw new ApiError({ code: 'invalid-input', key: 'ipc.invalidInput', issues: [{ path: ['appKey'], key: 'vault.appKeyRequired' }] })
    })
    const api = fakeApi({ profilesList: () => [sandbox], profilesSave: save })
    const wrapper = await mountWithApp(SettingsView, { api })
    await wrapper.find('[data-test="profile-add"]').trigger('click')
    await flushPromises()
    await page().find('input[data-test="profile-name"]').setValue('正式门店')
    await page().find('input[data-test="profile-secret"]').setValue('s3cret')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ name: '正式门店', kind: 'production', appSecret: 's3cret' }))
    // el-form-item marks the field at once and fades the message in a moment later.
    await vi.waitFor(() => expect(page().find('[data-test="profile-dialog"] .is-error').text()).toContain('新建连接配置时必须填写'))
    expect((page().find('input[data-test="profile-secret"]').element as HTMLInputElement).value).toBe('s3cret')
    wrapper.unmount()
  })

  it('a failed save keeps the secret; fixing the gateway and saving again sends it, and the card says it is set', async () => {
    let profiles: ProfileView[] = [sandbox]
    const save = vi.fn((input: { name: string; gatewayUrl?: string; appSecret?: string }) => {
      if (!input.gatewayUrl?.startsWith('https://')) {
        throw new ApiError({
          code: 'invalid-input',
          key: 'ipc.invalidInput',
          issues: [{ path: ['gatewayUrl'], key: 'vault.gatewayHttpsRequired' }],
        })
      }
      const saved: ProfileView = {
        ...store,
        id: '6f1c2a4e-8b7d-4c3a-9e21-0d5f4b3a2c99',
        name: input.name,
        appSecretSet: input.appSecret !== undefined,
      }
      profiles = [...profiles, saved]
      return saved
    })
    const api = fakeApi({ profilesList: () => profiles, profilesSave: save })
    mounted = await mountWithApp(SettingsView, { api })
    await mounted.find('[data-test="profile-add"]').trigger('click')
    await flushPromises()
    await page().find('input[data-test="profile-name"]').setValue('旗舰店')
    await page().find('input[data-test="profile-gateway"]').setValue('http://gw.api.taobao.com')
    await page().find('input[data-test="profile-appkey"]').setValue('27182818')
    await page().find('input[data-test="profile-secret"]').setValue('the-secret')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(page().find('[data-test="profile-dialog"] .is-error').text()).toContain('必须使用 https://'))
    expect(page().find<HTMLInputElement>('input[data-test="profile-secret"]').element.value).toBe('the-secret')

    await page().find('input[data-test="profile-gateway"]').setValue('https://gw.api.taobao.com')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ gatewayUrl: 'https://gw.api.taobao.com', appSecret: 'the-secret' }))
    expect(card(mounted, '6f1c2a4e-8b7d-4c3a-9e21-0d5f4b3a2c99').find('[data-test="profile-secret-state"]').text()).toBe('已设置')
    // Closed after saving: the typed secret is gone from the page.
    await mounted.find('[data-test="profile-add"]').trigger('click')
    await flushPromises()
    expect(page().find<HTMLInputElement>('input[data-test="profile-secret"]').element.value).toBe('')
  })

  it('a production profile is not sent without its app secret: the field says so', async () => {
    const save = vi.fn()
    mounted = await mountWithApp(SettingsView, { api: fakeApi({ profilesList: () => [sandbox], profilesSave: save }) })
    await mounted.find('[data-test="profile-add"]').trigger('click')
    await flushPromises()
    await page().find('input[data-test="profile-name"]').setValue('旗舰店')
    await page().find('input[data-test="profile-appkey"]').setValue('27182818')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(page().find('[data-test="profile-dialog"] .is-error').text()).toContain('必须填写 App Secret'))
  })

  it('a foreign host for production is offered only as a custom gateway, and changing the gateway asks for the secret', async () => {
    const save = vi.fn()
    mounted = await mountWithApp(SettingsView, { api: fakeApi({ profilesList: () => [sandbox, store], profilesSave: save }) })
    await card(mounted, store.id).find('[data-test="profile-edit"]').trigger('click')
    await flushPromises()
    expect(page().find('[data-test="profile-custom-gateway"]').exists()).toBe(false)
    await page().find('input[data-test="profile-gateway"]').setValue('https://top-proxy.corp.example')
    await flushPromises()
    expect(page().find('[data-test="profile-custom-gateway"]').exists()).toBe(true)
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(page().find('[data-test="profile-dialog"] .is-error').text()).toContain('网关地址已更改'))
  })
})

const store: ProfileView = {
  id: '6f1c2a4e-8b7d-4c3a-9e21-0d5f4b3a2c10',
  name: '正式门店',
  kind: 'production',
  gatewayUrl: 'https://gw.api.taobao.com',
  appKey: '2718****18',
  signMethod: 'md5',
  simplify: true,
  defaults: { shopId: 'S900', brandId: 'B900', operatorId: 'OP9', operatorName: '王店长' },
  appSecretSet: true,
  sessionKeySet: false,
  active: false,
  builtIn: false,
}

/** A main process holding profiles: list, switch, save and delete act on the same list. */
function profilesBackend(initial: ProfileView[]) {
  let profiles = initial.map((p) => structuredClone(p))
  return {
    get profiles() {
      return profiles
    },
    profilesList: vi.fn(() => structuredClone(profiles)),
    profilesSetActive: vi.fn(({ id }: { id: string }) => {
      profiles = profiles.map((p) => ({ ...p, active: p.id === id }))
      return { ...profiles.find((p) => p.id === id)!, waitingElsewhere: [] as WaitingWork[] }
    }),
    profilesRemove: vi.fn(({ id }: { id: string }) => {
      profiles = profiles.filter((p) => p.id !== id)
      return { removed: true as const }
    }),
    profilesSave: vi.fn((input: { id?: string; name: string; defaults?: ProfileView['defaults'] }) => {
      const index = profiles.findIndex((p) => p.id === input.id)
      const saved: ProfileView = { ...profiles[index]!, name: input.name, defaults: { ...input.defaults } }
      profiles[index] = saved
      return saved
    }),
  }
}

let mounted: VueWrapper | undefined
afterEach(() => {
  mounted?.unmount()
  mounted = undefined
  document.body.innerHTML = ''
})

const card = (w: VueWrapper, id: string) => w.find(`[data-test="profile-${id}"]`)
const toasts = () => [...document.querySelectorAll('.el-message')].map((m) => m.textContent ?? '')

describe('Settings screen: managing profiles', () => {
  it('shows simplify and the counter defaults on each card', async () => {
    const backend = profilesBackend([sandbox, store])
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    const shown = (id: string, field: string) => card(mounted!, id).find(`[data-test="profile-${field}"]`).text()
    expect(shown(store.id, 'simplify')).toBe('是')
    expect(shown(store.id, 'default-shop')).toBe('S900')
    expect(shown(store.id, 'default-brand')).toBe('B900')
    expect(shown(store.id, 'default-operator')).toBe('OP9（王店长）')
    expect(shown('sandbox', 'simplify')).toBe('否')
    expect(shown('sandbox', 'default-brand')).toBe('—')
    expect(shown('sandbox', 'default-operator')).toBe('—')
  })

  it('switches the active profile: main is told, and the card it moved to says so', async () => {
    const backend = profilesBackend([sandbox, store])
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    expect(card(mounted, 'sandbox').find('[data-test="profile-active"]').exists()).toBe(true)
    expect(card(mounted, 'sandbox').find('[data-test="profile-use"]').exists()).toBe(false)

    await card(mounted, store.id).find('[data-test="profile-use"]').trigger('click')
    await flushPromises()

    expect(backend.profilesSetActive).toHaveBeenCalledWith({ id: store.id })
    expect(card(mounted, store.id).find('[data-test="profile-active"]').exists()).toBe(true)
    expect(card(mounted, 'sandbox').find('[data-test="profile-active"]').exists()).toBe(false)
    expect(card(mounted, 'sandbox').find('[data-test="profile-use"]').exists()).toBe(true)
    expect(toasts().join()).toContain('已切换到“正式门店”')
  })

  it('a switch while training work waits says how much waits for training, and that it stays there', async () => {
    const backend = profilesBackend([sandbox, store])
    backend.profilesSetActive.mockImplementationOnce(({ id }: { id: string }) => ({
      ...backend.profiles.find((p) => p.id === id)!,
      active: true,
      waitingElsewhere: [{ profileId: 'sandbox', profileName: '沙箱（培训模式）', builtIn: true, templates: 2, redemptions: 1 }],
    }))
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    await card(mounted, store.id).find('[data-test="profile-use"]').trigger('click')
    await flushPromises()
    expect(toasts().join()).toContain('还有 2 个模板提交、1 笔核销在等待：它们留在该连接下，只会用该连接发送')
  })

  it('deletes a profile only after confirming, and then it is gone', async () => {
    const backend = profilesBackend([sandbox, store])
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    // The built-in profile cannot be deleted at all.
    expect(card(mounted, 'sandbox').find('[data-test="profile-remove"]').exists()).toBe(false)

    await card(mounted, store.id).find('[data-test="profile-remove"]').trigger('click')
    await flushPromises()
    expect(messageBox()!.textContent).toContain('删除连接“正式门店”？钥匙串中的密钥也会一并删除。')
    await clickBoxButton('cancel')
    expect(backend.profilesRemove).not.toHaveBeenCalled()
    expect(card(mounted, store.id).exists()).toBe(true)

    await card(mounted, store.id).find('[data-test="profile-remove"]').trigger('click')
    await flushPromises()
    await clickBoxButton('confirm')
    expect(backend.profilesRemove).toHaveBeenCalledWith({ id: store.id })
    expect(card(mounted, store.id).exists()).toBe(false)
    expect(card(mounted, 'sandbox').exists()).toBe(true)
    expect(toasts().join()).toContain('已删除“正式门店”')
  })

  it('saves an edit: the form starts from the profile, empty secret boxes keep the keychain, the card shows the change', async () => {
    const backend = profilesBackend([sandbox, store])
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    await card(mounted, store.id).find('[data-test="profile-edit"]').trigger('click')
    await flushPromises()
    const name = page().find<HTMLInputElement>('input[data-test="profile-name"]')
    expect(name.element.value).toBe('正式门店')
    expect(page().find<HTMLInputElement>('input[data-test="profile-secret"]').attributes('placeholder')).toBe('已设置，留空表示不修改')
    await name.setValue('正式门店（二号柜台）')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()

    expect(backend.profilesSave).toHaveBeenCalledTimes(1)
    const sent = backend.profilesSave.mock.calls[0]![0] as Record<string, unknown>
    expect(sent).toMatchObject({
      id: store.id,
      name: '正式门店（二号柜台）',
      kind: 'production',
      signMethod: 'md5',
      simplify: true,
      defaults: { shopId: 'S900', brandId: 'B900', operatorId: 'OP9', operatorName: '王店长' },
    })
    // Nothing typed in the secret boxes: nothing sent, so the keychain keeps what it holds.
    expect(sent.appSecret).toBeUndefined()
    expect(sent.sessionKey).toBeUndefined()
    expect(sent.appKey).toBeUndefined()
    expect(card(mounted, store.id).text()).toContain('正式门店（二号柜台）')
    expect(toasts().join()).toContain('已保存“正式门店（二号柜台）”')
  })

  it('says in the dialog when the keychain is unavailable, and keeps the dialog open', async () => {
    const backend = profilesBackend([sandbox, store])
    backend.profilesSave.mockImplementation(() => {
      throw new ApiError({ code: 'keychain', key: 'vault.keychainUnavailable' })
    })
    mounted = await mountWithApp(SettingsView, { api: fakeApi(backend) })
    await card(mounted, store.id).find('[data-test="profile-edit"]').trigger('click')
    await flushPromises()
    await page().find('input[data-test="profile-secret"]').setValue('a-new-secret')
    await page().find('[data-test="profile-save"]').trigger('click')
    await flushPromises()

    expect(page().find('[data-test="profile-failure"]').text()).toContain(
      '无法访问系统钥匙串。连接密钥只保存在钥匙串中，因此本次操作未完成。',
    )
    expect(page().find('[data-test="profile-dialog"]').isVisible()).toBe(true)
    // Nothing typed is lost: the user retries once the keychain is back.
    expect(page().find<HTMLInputElement>('input[data-test="profile-secret"]').element.value).toBe('a-new-secret')
  })

  it.each([
    {
      label: 'the keychain is unavailable',
      error: { code: 'keychain' as const, key: 'vault.keychainUnavailable' },
      text: '无法访问系统钥匙串',
    },
    {
      label: 'a secret is missing',
      error: { code: 'not-found' as const, key: 'vault.secretMissing', params: { name: '正式门店', secret: 'App Secret' } },
      text: '连接配置“正式门店”尚未填写 App Secret，请在连接设置中补全后重试。',
    },
  ])('when the test itself cannot run ($label), the card says why, not "internal error"', async ({ error, text }) => {
    const backend = profilesBackend([sandbox, store])
    const api = fakeApi({
      ...backend,
      profilesTestConnection: () => {
        throw new ApiError(error)
      },
    })
    mounted = await mountWithApp(SettingsView, { api })
    await card(mounted, store.id).find('[data-test="profile-test"]').trigger('click')
    await flushPromises()
    const result = card(mounted, store.id).find('[data-test="profile-test-result"]')
    expect(result.text()).toContain(text)
    expect(result.text()).not.toContain('发生内部错误')
    expect(card(mounted, store.id).find('.el-alert--error').text()).toContain(text)
    expect(toasts().join()).toContain(text)
  })

  it('a failure that is not an API answer still shows the generic text, never raw internals', async () => {
    const backend = profilesBackend([sandbox, store])
    const api = fakeApi({
      ...backend,
      profilesTestConnection: () => {
        throw new TypeError('secret internals')
      },
    })
    mounted = await mountWithApp(SettingsView, { api })
    await card(mounted, store.id).find('[data-test="profile-test"]').trigger('click')
    await flushPromises()
    const result = card(mounted, store.id).find('[data-test="profile-test-result"]').text()
    expect(result).toContain('发生内部错误')
    expect(result).not.toContain('secret internals')
  })
})
