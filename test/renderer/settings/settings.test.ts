import { describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { ProfileView } from '@contract/profiles'
import { ApiError } from '@renderer/api'
import SettingsView from '@renderer/views/SettingsView.vue'
import { fakeApi, mountWithApp, page } from '../support/harness'

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
      profilesTestConnection: () => ({ ok: false, key: 'top.error.signature', params: { code: 25 }, top: { code: 25, msg: 'Invalid signature' } }),
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

  it('sends typed secrets once, clears them from the form, and shows field errors inline', async () => {
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
    expect((page().find('input[data-test="profile-secret"]').element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })
})
