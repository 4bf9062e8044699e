import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { queryTemplate } from '@main/top/apis'
import { createTopClient } from '@main/top/client'
import { TopError } from '@main/top/errors'
import { DEMO_TEMPLATE_ID, DEMO_TEMPLATE_SOURCE_ID } from '@main/sandbox/demo-data'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { rawCall, type Json } from './helpers'

const CREATE = 'alibaba.wdk.coupon.template.create'
const UPDATE = 'alibaba.wdk.coupon.template.update'
const QUERY = 'alibaba.wdk.coupon.template.query'
const TERMINATE = 'alibaba.wdk.coupon.template.terminate'
const OPERATE_PARAM = 'param_coupon_template_operate_request'

/** The valid example without id (so: a create), with its own idempotency key. */
function createRequest(uniqueId?: string): Json {
  const { id: _id, unique_id: _key, ...template } = structuredClone(VALID_TEMPLATE_EXAMPLE.coupon_template)
  return { coupon_template: { ...template, ...(uniqueId ? { unique_id: uniqueId } : {}) }, user_info: VALID_TEMPLATE_EXAMPLE.user_info }
}

let gateway: SandboxGateway
beforeAll(async () => {
  gateway = await startSandboxGateway()
})
afterAll(async () => {
  await gateway.stop()
})

const call = (method: string, param: string, request: unknown, raw?: string) =>
  rawCall(gateway, {
    method,
    session: gateway.credentials.sessionKey,
    simplify: 'true',
    [param]: raw ?? JSON.stringify(request),
  })
const create = (request: unknown) => call(CREATE, OPERATE_PARAM, request)
const update = (request: unknown) => call(UPDATE, OPERATE_PARAM, request)
const query = (request: unknown) => call(QUERY, 'param_coupon_template_query_request', request)
const terminate = (request: unknown) => call(TERMINATE, 'param_coupon_template_terminate_request', request)

describe('template.create (metadata shape: model {id, source_id})', () => {
  it('creates with new 64-bit ids as bare JSON numbers, once per unique_id, keeping the create-only fields', async () => {
    const req = createRequest('create-1')
    req.coupon_template.condition_config.max_effect_amount = 5000
    req.coupon_template.condition_config.exclude_item_rules = ['1']
    const first = await create(req)
    expect(first.text).toMatch(/"model":\{"id":\d{16,},"source_id":\d{16,}\}/)
    const { id, source_id: sourceId } = first.json.result.model as { id: number; source_id: number }
    const idText = /"id":(\d+)/.exec(first.text)![1]!
    expect(Number.isSafeInteger(id)).toBe(false) // above 2^53: a client that rounds it breaks at once
    expect(sourceId).toBeDefined()

    const again = await create(req)
    expect(again.text).toContain(`"id":${idText}`)
    expect(gateway.calls.at(-1)).toMatchObject({ outcome: 'replayed', businessKey: 'create-1' })
    expect(gateway.templates.applicationsOf('create-1')).toBe(1)
    expect(gateway.templates.get(idText)?.template.condition_config).toMatchObject({ max_effect_amount: 5000, exclude_item_rules: ['1'] })
  })

  it('refuses an id on create, a missing required field (15, isv.missing-parameter) and no object at all (40)', async () => {
    const withId = createRequest()
    withId.coupon_template.id = '123'
    expect((await create(withId)).json.result).toMatchObject({ success: false, err_code: 'PARAM_ERROR' })

    const noTitle = createRequest()
    delete noTitle.coupon_template.common_config.title
    expect((await create(noTitle)).json.error_response).toMatchObject({
      code: 15,
      sub_code: 'isv.missing-parameter',
      sub_msg: `${OPERATE_PARAM}.coupon_template.common_config.title`,
    })
    const nothing = await rawCall(gateway, { method: CREATE, session: gateway.credentials.sessionKey })
    expect(nothing.json.error_response).toMatchObject({ code: 40, msg: `Missing required arguments:${OPERATE_PARAM}` })
    expect(nothing.json.error_response.sub_code).toBeUndefined()
  })

  it('refuses a mistyped field (15, isv.invalid-parameter) and answers impossibilities as a business PARAM_ERROR', async () => {
    const mistyped = createRequest()
    mistyped.coupon_template.apply_limit_config.coupon_total_lmt = 'lots'
    expect((await create(mistyped)).json.error_response).toMatchObject({
      code: 15,
      sub_code: 'isv.invalid-parameter',
      sub_msg: `${OPERATE_PARAM}.coupon_template.apply_limit_config.coupon_total_lmt`,
    })
    const impossible = createRequest()
    impossible.coupon_template.discount_config.decrease_money = 20000
    const reply = await create(impossible)
    expect(reply.json.result).toMatchObject({ success: false, err_code: 'PARAM_ERROR' })
    expect(reply.json.result.err_msg).toContain('coupon_template.discount_config.decrease_money')
  })

  it('ignores, and reports, fields the metadata does not list', async () => {
    const req = createRequest()
    req.coupon_template.common_config.invented_field = 1
    expect((await create(req)).json.result.success).toBe(true)
    expect(gateway.calls.at(-1)?.ignoredFields).toEqual([`${OPERATE_PARAM}.coupon_template.common_config.invented_field`])
  })
})

describe('template.query (metadata shape)', () => {
  it('takes {id, source_id, user_info} and answers result.model.coupon_template: terminals as numbers, no unique_id', async () => {
    const reply = await query({ id: DEMO_TEMPLATE_ID, user_info: { user_id: 1, user_name: '店长', source: 'coupon-desk' } })
    expect(reply.json.result.success).toBe(true)
    const template = reply.json.result.model.coupon_template
    expect(template).toMatchObject({
      common_config: { title: '满100减10' },
      condition_config: { terminals: [1, 2] },
      investment_config: { investment_info_list: [{ investor: 'brand' }, { investor: 'store' }] },
    })
    expect(template).not.toHaveProperty('unique_id')
    expect(reply.text).toContain(`"id":${DEMO_TEMPLATE_ID}`)
    expect(reply.text).toContain(`"source_id":${DEMO_TEMPLATE_SOURCE_ID}`)
    // By source_id alone too; an id and a source_id that do not belong together find nothing.
    expect((await query({ source_id: DEMO_TEMPLATE_SOURCE_ID })).json.result.success).toBe(true)
    expect((await query({ id: DEMO_TEMPLATE_ID, source_id: '1' })).json.result).toMatchObject({
      success: false,
      err_code: 'TEMPLATE_NOT_FOUND',
    })
    expect((await query({})).json.result).toMatchObject({ success: false, err_code: 'TEMPLATE_NOT_FOUND' })
  })

  it('answers the wrapped JSON with TOP list wrappers named by item type', async () => {
    const reply = await rawCall(gateway, {
      method: QUERY,
      session: gateway.credentials.sessionKey,
      param_coupon_template_query_request: JSON.stringify({ id: DEMO_TEMPLATE_ID }),
    })
    const template = reply.json.alibaba_wdk_coupon_template_query_response.result.model.coupon_template
    expect(template.condition_config.terminals).toEqual({ number: [1, 2] })
    expect(template.participate_config.participate_list).toEqual({
      logic_group: [expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2 })],
    })
  })

  it('reads through the app client, 64-bit ids exact', async () => {
    const client = createTopClient({
      gatewayUrl: gateway.url,
      appKey: gateway.credentials.appKey,
      appSecret: gateway.credentials.appSecret,
      session: gateway.credentials.sessionKey,
      signMethod: 'hmac-sha256',
      maxAttempts: 1,
    })
    const reply = await queryTemplate(client, DEMO_TEMPLATE_ID)
    expect(reply.data.result.model?.coupon_template).toMatchObject({
      id: DEMO_TEMPLATE_ID,
      source_id: DEMO_TEMPLATE_SOURCE_ID,
      condition_config: { terminals: ['1', '2'] },
    })
  })

  it('shows a change made elsewhere, under a new version', async () => {
    const before = gateway.templates.get(DEMO_TEMPLATE_ID)!
    const after = gateway.templates.editElsewhere(DEMO_TEMPLATE_ID, (t) => ({
      ...t,
      common_config: { ...t.common_config, title: '后台改名' },
    }))
    expect(after.version).toBe(before.version + 1)
    expect((await query({ id: DEMO_TEMPLATE_ID })).json.result.model.coupon_template.common_config.title).toBe('后台改名')
    expect(() => gateway.templates.editElsewhere('1', (t) => t)).toThrow(/no sandbox template/)
  })

  it.each([
    ['unknown-method', 22, undefined],
    ['no-permission', 11, 'isv.permission-api-package-limit'],
  ] as const)('can play the API as %s, as a real gateway may', async (access, code, subCode) => {
    gateway.templates.setQueryAccess(access)
    try {
      const client = createTopClient({
        gatewayUrl: gateway.url,
        appKey: gateway.credentials.appKey,
        appSecret: gateway.credentials.appSecret,
        session: gateway.credentials.sessionKey,
        signMethod: 'md5',
        maxAttempts: 1,
      })
      const error = await queryTemplate(client, DEMO_TEMPLATE_ID).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TopError)
      expect(error).toMatchObject({ code, ...(subCode ? { subCode } : {}) })
      expect((await create(createRequest(`still-works-${access}`))).json.result.success).toBe(true)
    } finally {
      gateway.templates.setQueryAccess('granted')
    }
  })
})

describe('template.update and template.terminate', () => {
  let created: { id: string; sourceId: string }
  beforeEach(async () => {
    const reply = await create(createRequest())
    created = { id: /"id":(\d+)/.exec(reply.text)![1]!, sourceId: /"source_id":(\d+)/.exec(reply.text)![1]! }
  })

  it('update replaces by id (model: the id as text), keeps source_id and the create-only fields', async () => {
    const req = createRequest('upd-1')
    req.coupon_template.id = created.id
    req.coupon_template.common_config.title = '满100减15'
    expect((await update(req)).json.result).toEqual({ success: true, model: created.id })
    const stored = gateway.templates.get(created.id)!
    expect(stored).toMatchObject({ version: 2, sourceId: created.sourceId, template: { common_config: { title: '满100减15' } } })
    req.coupon_template.id = '123'
    req.coupon_template.unique_id = 'upd-2'
    expect((await update(req)).json.result).toMatchObject({ success: false, err_code: 'TEMPLATE_NOT_FOUND' })
  })

  it('terminate ends the template by source_id: status 0, no more updates, a second terminate is harmless', async () => {
    const reply = await terminate({ source_id: created.sourceId, user_info: { user_id: 1, user_name: '店长' } })
    expect(reply.json.result).toEqual({ success: true, model: created.sourceId })
    expect((await query({ id: created.id })).json.result.model.coupon_template.common_config.status).toBe(0)
    const req = createRequest('after-terminate')
    req.coupon_template.id = created.id
    expect((await update(req)).json.result).toMatchObject({ success: false, err_code: 'TEMPLATE_TERMINATED' })
    expect((await terminate({ source_id: created.sourceId })).json.result.success).toBe(true)
    expect((await terminate({ source_id: '5' })).json.result).toMatchObject({ success: false, err_code: 'TEMPLATE_NOT_FOUND' })
  })

  it("update without an id is refused, as TOP's needs one; a gateway may be told to create instead", async () => {
    expect((await update(createRequest())).json.result).toMatchObject({ success: false, err_code: 'PARAM_ERROR' })
    const lenient = await startSandboxGateway({ updateCreatesWithoutId: true })
    try {
      const reply = await rawCall(lenient, {
        method: UPDATE,
        session: lenient.credentials.sessionKey,
        simplify: 'true',
        [OPERATE_PARAM]: JSON.stringify(createRequest()),
      })
      expect(reply.json.result).toEqual({ success: true, model: '9007199254741001' })
    } finally {
      await lenient.stop()
    }
  })
})
