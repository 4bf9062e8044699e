import { responseKeyFor, type GatewayErrorBody } from '../top/response'
import type { ResponseFormat } from './protocol'

/**
 * The gateway's reply envelopes, the mirror image of the client's `response.ts`:
 *   JSON      {"<method>_response": {...fields, "request_id": "…"}}, lists wrapped
 *   simplify  {...fields, "request_id": "…"}, lists as plain arrays
 *   XML       <<method>_response>…</…>, lists wrapped the same way as JSON
 *   errors    {"error_response": {...}} / <error_response>…</error_response>, always HTTP 200
 */
export interface ReplyBody {
  contentType: string
  text: string
}

const JSON_TYPE = 'application/json;charset=UTF-8'
const XML_TYPE = 'text/xml;charset=UTF-8'

export function successReply(
  method: string,
  payload: Record<string, unknown>,
  options: { format: ResponseFormat; simplify: boolean; requestId: string },
): ReplyBody {
  if (options.format === 'json' && options.simplify) {
    return { contentType: JSON_TYPE, text: JSON.stringify({ ...payload, request_id: options.requestId }) }
  }
  const root = responseKeyFor(method)
  const fields = { ...(wrapLists(payload) as Record<string, unknown>), request_id: options.requestId }
  return options.format === 'json'
    ? { contentType: JSON_TYPE, text: JSON.stringify({ [root]: fields }) }
    : { contentType: XML_TYPE, text: xmlDocument(root, fields) }
}

export function errorReply(error: GatewayErrorBody, format: ResponseFormat): ReplyBody {
  return format === 'json'
    ? { contentType: JSON_TYPE, text: JSON.stringify({ error_response: error }) }
    : { contentType: XML_TYPE, text: xmlDocument('error_response', error) }
}

/**
 * `voucher_status_list: [...]` → `voucher_status_list: {voucher_status: [...]}`; other string
 * arrays → `{string: [...]}`, as TOP's classic JSON does.
 */
export function wrapLists(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => wrapLists(item))
    if (key.endsWith('_list')) return { [key.slice(0, -'_list'.length)]: items }
    return items.every((item) => typeof item === 'string') ? { string: items } : items
  }
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrapLists(v, k)]))
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
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}
