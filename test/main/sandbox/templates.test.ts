import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { CouponTemplateOperateRequestSchema, type CouponTemplateOperateRequest } from '@contract/api/template'
import { TEMPLATE_QUERY, TEMPLATE_UPDATE, queryTemplate } from '@main/top/apis'
import { createTopClient } from '@main/top/client'
import { TopError } from '@main/top/errors'
import { DEMO_TEMPLATE_ID } from '@main/sandbox/demo-data'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { TemplateStore } from '@main/sandbox/templates'
import { rawCall } from './helpers'

const valid = (): CouponTemplateOperateRequest => CouponTemplateOperateRequestSchema.parse(VALID_TEMPLATE_EXAMPLE)
/** The valid example without id (so: create) and with another idempotency key. */
function createRequest(uniqueId?: string): CouponTemplateOperateRequest {
  const { id: _id, unique_id: _key, ...template } = valid().coupon_template
  return { coupon_template: { ...template, ...(uniqueId ? { unique_id: uniqueId } : {}) } }
}

function done(store: TemplateStore, req: CouponTemplateOperateRequest) {
  const outcome = store.update(req)
  if (outcome.kind !== 'done') throw new Error(`unexpected ${outcome.kind}`)
  return outcome
}

describe('TemplateStore', () => {
  it('is seeded with the demo template under a 64-bit id', () => {
    const store = new TemplateStore()
    expect(DEMO_TEMPLATE_ID).toBe('9007199254740993')
    expect(store.get(DEMO_TEMPLATE_ID)).toMatchObject({ id: DEMO_TEMPLATE_ID, version: 1 })
  })

  it('creates a template when the id is absent and returns the new id as the model', () => {
    const store = new TemplateStore()
    const first = done(store, createRequest()).result
    const second = done(store, createRequest()).result
    expect(first).toEqual({ success: true, model: '9007199254741001' })
    expect(second.model).toBe('9007199254741002')
    expect(store.get(first.model!)?.template).toMatchObject({ id: first.model, common_config: { title: '满100减10' } })
  })

  it('replaces a known template and bumps its version', () => {
    const store = new TemplateStore()
    const req = valid()
    req.coupon_template.common_config.title = '满100减15'
    expect(done(store, req).result).toEqual({ success: true, model: DEMO_TEMPLATE_ID })
    expect(store.get(DEMO_TEMPLATE_ID)).toMatchObject({ version: 2, template: { common_config: { title: '满100减15' } } })
  })

  it('answers an unknown id with success=false and an error code', () => {
    const store = new TemplateStore()
    const req = valid()
    req.coupon_template.id = '123'
    expect(done(store, req).result).toEqual({ success: false, err_code: 'TEMPLATE_NOT_FOUND', err_msg: '模板不存在：id=123' })
    expect(store.get('123')).toBeUndefined()
  })

  it('applies a unique_id once: a repeat gets the first answer, another payload is a conflict', () => {
    const store = new TemplateStore()
    const req = createRequest('tpl-key-1')
    const first = done(store, req)
    const repeat = done(store, createRequest('tpl-key-1'))
    expect(repeat).toEqual({ kind: 'done', result: first.result, replayed: true })
    expect(store.applicationsOf('tpl-key-1')).toBe(1)
    expect(store.all()).toHaveLength(2) // the seed and one creation

    const changed = createRequest('tpl-key-1')
    changed.coupon_template.common_config.title = 'other'
    expect(store.update(changed)).toEqual({ kind: 'conflict' })
    expect(store.applicationsOf('tpl-key-1')).toBe(1)
  })
})

describe('template API at the gateway', () => {
  let gateway: SandboxGateway
  beforeAll(async () => {
    gateway = await startSandboxGateway()
  })
  afterAll(async () => {
    await gateway.stop()
  })

  const call = (request: unknown) =>
    rawCall(gateway, {
      method: TEMPLATE_UPDATE.method,
      session: gateway.credentials.sessionKey,
      simplify: 'true',
      [TEMPLATE_UPDATE.param]: JSON.stringify(request),
    })

  it('refuses a missing required field with code 40, naming its path', async () => {
    const { coupon_total_lmt: _omitted, ...limits } = VALID_TEMPLATE_EXAMPLE.coupon_template.apply_limit_config
    const reply = await call({ ...VALID_TEMPLATE_EXAMPLE, coupon_template: { ...VALID_TEMPLATE_EXAMPLE.coupon_template, apply_limit_config: limits } })
    expect(reply.json!.error_response).toMatchObject({
      code: 40,
      sub_code: 'isv.missing-parameter',
      sub_msg: `${TEMPLATE_UPDATE.param}.coupon_template.apply_limit_config.coupon_total_lmt`,
    })
  })

  it('refuses a mistyped field with code 41', async () => {
    const reply = await call({
      ...VALID_TEMPLATE_EXAMPLE,
      coupon_template: { ...VALID_TEMPLATE_EXAMPLE.coupon_template, common_config: { ...VALID_TEMPLATE_EXAMPLE.coupon_template.common_config, type: 99 } },
    })
    expect(reply.json!.error_response).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter' })
    expect(reply.json!.error_response.sub_msg).toContain('coupon_template.common_config.type')
  })

  it('answers a cross-field rule violation as a business PARAM_ERROR naming the field', async () => {
    const tpl = VALID_TEMPLATE_EXAMPLE.coupon_template
    const reply = await call({ ...VALID_TEMPLATE_EXAMPLE, coupon_template: { ...tpl, discount_config: { ...tpl.discount_config, decrease_money: 20000 } } })
    expect(reply.json!.result).toMatchObject({ success: false, err_code: 'PARAM_ERROR' })
    expect(reply.json!.result.err_msg).toContain('coupon_template.discount_config.decrease_money')
  })

  it('reads a 64-bit id sent as a bare JSON number exactly', async () => {
    const body = JSON.stringify(VALID_TEMPLATE_EXAMPLE).replace('"id":"9007199254740993"', '"id":9007199254740993')
    expect(body).toContain('"id":9007199254740993')
    const reply = await rawCall(gateway, {
      method: TEMPLATE_UPDATE.method,
      session: gateway.credentials.sessionKey,
      simplify: 'true',
      [TEMPLATE_UPDATE.param]: body,
    })
    expect(reply.json!.result).toEqual({ success: true, model: '9007199254740993' })
  })

  it('refuses a reused unique_id with another payload with code 15', async () => {
    const req = createRequest('gw-tpl-key')
    expect((await call(req)).json!.result.success).toBe(true)
    expect((await call(req)).json!.result.success).toBe(true)
    req.coupon_template.common_config.title = 'changed'
    expect((await call(req)).json!.error_response).toMatchObject({ code: 15, sub_code: 'isv.unique-id-conflict' })
    expect(gateway.templates.applicationsOf('gw-tpl-key')).toBe(1)
    expect(gateway.calls.slice(-3).map((c) => [c.outcome, c.businessKey])).toEqual([
      ['ok', 'gw-tpl-key'],
      ['replayed', 'gw-tpl-key'],
      ['error', 'gw-tpl-key'],
    ])
  })
})

describe('template query API at the gateway (assumed shape)', () => {
  let gateway: SandboxGateway
  beforeAll(async () => {
    gateway = await startSandboxGateway()
  })
  afterAll(async () => {
    await gateway.stop()
  })

  const client = () =>
    createTopClient({
      gatewayUrl: gateway.url,
      appKey: gateway.credentials.appKey,
      appSecret: gateway.credentials.appSecret,
      session: gateway.credentials.sessionKey,
      signMethod: 'md5',
      maxAttempts: 1,
    })

  it('answers the stored template, 64-bit ids exact, through the real client', async () => {
    const reply = await queryTemplate(client(), DEMO_TEMPLATE_ID)
    expect(reply.data.result.success).toBe(true)
    expect(reply.data.result.model).toMatchObject({
      id: DEMO_TEMPLATE_ID,
      common_config: { title: '满100减10' },
      condition_config: { terminals: ['1', '2'] },
      investment_config: { investment_info_list: [{ investor: 'brand' }, { investor: 'store' }] },
    })
    expect(gateway.calls.at(-1)).toMatchObject({ method: TEMPLATE_QUERY.method, outcome: 'ok' })
  })

  it('answers an unknown id with success=false, and refuses a request without template_id with code 40', async () => {
    expect((await queryTemplate(client(), '123')).data.result).toMatchObject({ success: false, err_code: 'TEMPLATE_NOT_FOUND' })
    const reply = await rawCall(gateway, {
      method: TEMPLATE_QUERY.method,
      session: gateway.credentials.sessionKey,
      [TEMPLATE_QUERY.param]: '{}',
    })
    expect(reply.json!.error_response).toMatchObject({ code: 40, sub_msg: `${TEMPLATE_QUERY.param}.template_id` })
  })

  it('shows a change made elsewhere, under a new version and without our unique_id', async () => {
    const before = gateway.templates.get(DEMO_TEMPLATE_ID)!
    const after = gateway.templates.editElsewhere(DEMO_TEMPLATE_ID, (t) => ({ ...t, common_config: { ...t.common_config, title: '后台改名' } }))
    expect(after.version).toBe(before.version + 1)
    expect(after.template).not.toHaveProperty('unique_id')
    expect((await queryTemplate(client(), DEMO_TEMPLATE_ID)).data.result.model?.common_config.title).toBe('后台改名')
    expect(() => gateway.templates.editElsewhere('1', (t) => t)).toThrow(/no sandbox template/)
  })

  it.each([
    ['unknown-method', 22, undefined],
    ['no-permission', 11, 'isv.permission-api-package-limit'],
  ] as const)('can play the API as %s, as a real gateway may', async (access, code, subCode) => {
    gateway.templates.setQueryAccess(access)
    try {
      const error = await queryTemplate(client(), DEMO_TEMPLATE_ID).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TopError)
      expect(error).toMatchObject({ code, ...(subCode ? { subCode } : {}) })
      // Only the query: the update API still answers.
      const update = await rawCall(gateway, {
        method: TEMPLATE_UPDATE.method,
        session: gateway.credentials.sessionKey,
        simplify: 'true',
        [TEMPLATE_UPDATE.param]: JSON.stringify(createRequest(`still-works-${access}`)),
      })
      expect(update.json!.result.success).toBe(true)
    } finally {
      gateway.templates.setQueryAccess('granted')
    }
  })
})
