import { listItemType, SCALAR_TYPES, type FieldSpec } from './api-metadata'
import { isRecord, stringifyJsonText } from './json-text'
import type { GatewayError, ResponseFormat } from './protocol'

/**
 * The gateway's reply envelopes, the mirror image of the client's `response.ts`:
 *   JSON      {"<method>_response": {...fields, "request_id": "…"}}, lists wrapped
 *   simplify  {...fields, "request_id": "…"}, lists as plain arrays
 *   XML       <<method>_response>…</…>, lists wrapped the same way as JSON
 *   errors    {"error_response": {...}} / <error_response>…</error_response>, always HTTP 200
 * Lists are wrapped as TOP's classic formats do, by the item type the metadata gives:
 * `voucher_status_list: VoucherStatus[]` → `{"voucher_status": [...]}`, `String[]` → `{"string": [...]}`,
 * `Number[]` → `{"number": [...]}`. 64-bit integers (bigint) go out as bare JSON numbers.
 */
export interface ReplyBody {
  contentType: string
  text: string
}

const JSON_TYPE = 'application/json;charset=UTF-8'
const XML_TYPE = 'text/xml;charset=UTF-8'

/** `alibaba.alsc.crm.voucher.status.change` → `alibaba_alsc_crm_voucher_status_change_response`; a leading `taobao.` goes. */
export function responseRootOf(method: string): string {
  return `${method.replace(/^taobao\./, '').replaceAll('.', '_')}_response`
}

export function successReply(
  method: string,
  payload: Record<string, unknown>,
  options: { format: ResponseFormat; simplify: boolean; requestId: string; responseParams: readonly FieldSpec[] },
): ReplyBody {
  if (options.format === 'json' && options.simplify) {
    return { contentType: JSON_TYPE, text: stringifyJsonText({ ...payload, request_id: options.requestId }) }
  }
  const root = responseRootOf(method)
  const fields = { ...wrapLists(payload, options.responseParams), request_id: options.requestId }
  return options.format === 'json'
    ? { contentType: JSON_TYPE, text: stringifyJsonText({ [root]: fields }) }
    : { contentType: XML_TYPE, text: xmlDocument(root, fields) }
}

export function errorReply(error: GatewayError, format: ResponseFormat): ReplyBody {
  return format === 'json'
    ? { contentType: JSON_TYPE, text: JSON.stringify({ error_response: error }) }
    : { contentType: XML_TYPE, text: xmlDocument('error_response', error) }
}

/** The classic formats' list wrappers, by the metadata's field types; fields it does not list pass unchanged. */
export function wrapLists(value: Record<string, unknown>, fields: readonly FieldSpec[]): Record<string, unknown> {
  const specs = new Map(fields.map((f) => [f.name, f]))
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, wrapField(v, specs.get(name))]))
}

function wrapField(value: unknown, spec: FieldSpec | undefined): unknown {
  if (!spec) return value
  const itemType = listItemType(spec.type)
  if (itemType !== undefined && Array.isArray(value)) {
    const items = (value as unknown[]).map((item) => (isRecord(item) ? wrapLists(item, spec.subParams ?? []) : item))
    return { [itemName(itemType)]: items }
  }
  return isRecord(value) ? wrapLists(value, spec.subParams ?? []) : value
}

/** `String` → `string`, `Number` → `number`, `CustomerVoucherFullOpenInfo` → `customer_voucher_full_open_info`. */
export function itemName(type: string): string {
  if (SCALAR_TYPES.has(type)) return type.toLowerCase()
  return type.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase()
}

function xmlDocument(root: string, fields: object): string {
  return `<?xml version="1.0" encoding="utf-8" ?>${xmlElement(root, fields)}`
}

function xmlElement(name: string, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map((item) => xmlElement(name, item)).join('')
  if (typeof value === 'object') {
    const children = Object.entries(value).map(([k, v]) => xmlElement(k, v))
    return `<${name}>${children.join('')}</${name}>`
  }
  return `<${name}>${escapeXml(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))}</${name}>`
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}
