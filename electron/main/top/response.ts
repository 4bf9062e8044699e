/**
 * The gateway's JSON envelope, peeled off so callers see only the business payload.
 *
 *   wrapped:    {"alibaba_alsc_crm_voucher_status_change_response": {"result": …, "request_id": "…"}}
 *   simplified: {"result": …, "request_id": "…"}                           (simplify=true)
 *   error:      {"error_response": {"code": 27, "msg": "…", "sub_code": "…", "request_id": "…"}}
 *
 * Wrapped lists arrive as `{"voucher_status_list": {"voucher_status": [...]}}`; simplified ones
 * as plain arrays. Both read as plain arrays after unwrapping.
 */

export interface GatewayErrorBody {
  code: number
  msg: string
  sub_code?: string
  sub_msg?: string
  request_id?: string
}

export type GatewayReply =
  { kind: 'ok'; payload: Record<string, unknown>; gatewayRequestId?: string } | { kind: 'error'; error: GatewayErrorBody }

/** `alibaba.alsc.crm.voucher.status.change` → `alibaba_alsc_crm_voucher_status_change_response`. */
export function responseKeyFor(method: string): string {
  return `${method.replace(/^taobao\./, '').replaceAll('.', '_')}_response`
}

export function unwrapTopResponse(method: string, body: unknown): GatewayReply {
  if (!isPlainObject(body)) throw new TypeError('gateway reply is not a JSON object')
  if ('error_response' in body) return { kind: 'error', error: readErrorBody(body.error_response) }

  const wrapped = body[responseKeyFor(method)]
  const { request_id: trace, ...fields } = isPlainObject(wrapped) ? wrapped : body
  const payload = unwrapLists(fields) as Record<string, unknown>
  return typeof trace === 'string' ? { kind: 'ok', payload, gatewayRequestId: trace } : { kind: 'ok', payload }
}

/**
 * Replaces every list wrapper with its array, at any depth. A wrapper is an object whose only
 * field holds an array, found under a list-named key (`…_list`, a plural) or keyed by a primitive
 * type name (`{"string": [...]}`). The key test keeps an ordinary one-field object such as
 * simplified `result: {voucher_status_list: [...]}` from being mistaken for a wrapper.
 */
export function unwrapLists(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => unwrapLists(item))
  if (!isPlainObject(value)) return value
  const inner = listWrapperItems(value, key)
  if (inner) return inner.map((item) => unwrapLists(item))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = unwrapLists(v, k)
  return out
}

const PRIMITIVE_ITEM_NAMES = new Set(['string', 'number', 'boolean'])

function listWrapperItems(value: Record<string, unknown>, key: string): unknown[] | undefined {
  const names = Object.keys(value)
  if (names.length !== 1) return undefined
  const itemName = names[0]!
  const items = value[itemName]
  if (!Array.isArray(items)) return undefined
  const listNamed = key.endsWith('_list') || key.endsWith('s')
  return listNamed || PRIMITIVE_ITEM_NAMES.has(itemName) ? items : undefined
}

function readErrorBody(raw: unknown): GatewayErrorBody {
  const fields = isPlainObject(raw) ? raw : {}
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
  const code = Number(fields.code)
  const error: GatewayErrorBody = { code: Number.isFinite(code) ? code : 0, msg: text(fields.msg) ?? '' }
  const subCode = text(fields.sub_code)
  const subMsg = text(fields.sub_msg)
  const requestId = text(fields.request_id)
  if (subCode !== undefined) error.sub_code = subCode
  if (subMsg !== undefined) error.sub_msg = subMsg
  if (requestId !== undefined) error.request_id = requestId
  return error
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
