import customerVoucherList from './metadata/alibaba.alsc.crm.customer.voucher.list.json'
import voucherStatusChange from './metadata/alibaba.alsc.crm.voucher.status.change.json'
import templateCreate from './metadata/alibaba.wdk.coupon.template.create.json'
import templateQuery from './metadata/alibaba.wdk.coupon.template.query.json'
import templateTerminate from './metadata/alibaba.wdk.coupon.template.terminate.json'
import templateUpdate from './metadata/alibaba.wdk.coupon.template.update.json'

/**
 * TOP's own description of the APIs the sandbox serves (copies in `./metadata/`, see its README):
 * every request and response field with its type. The gateway reads requests and writes answers
 * by these lists, not by the app's contract, so a field the client invents or forgets shows up
 * here rather than agreeing with itself.
 */
export interface FieldSpec {
  readonly name: string
  /** `String`, `Number`, `Boolean`, `Date`, `X[]`, or an object type name. */
  readonly type: string
  readonly description?: string
  readonly required?: boolean
  readonly subParams?: readonly FieldSpec[]
}

export interface ApiMetadata {
  readonly name: string
  readonly apiChineseName: string
  readonly requestParams: readonly FieldSpec[]
  readonly responseParams: readonly FieldSpec[]
}

export const API_METHODS = {
  voucherStatusChange: 'alibaba.alsc.crm.voucher.status.change',
  customerVoucherList: 'alibaba.alsc.crm.customer.voucher.list',
  templateCreate: 'alibaba.wdk.coupon.template.create',
  templateUpdate: 'alibaba.wdk.coupon.template.update',
  templateQuery: 'alibaba.wdk.coupon.template.query',
  templateTerminate: 'alibaba.wdk.coupon.template.terminate',
} as const
export type ApiMethod = (typeof API_METHODS)[keyof typeof API_METHODS]

const ALL: readonly ApiMetadata[] = [
  voucherStatusChange,
  customerVoucherList,
  templateCreate,
  templateUpdate,
  templateQuery,
  templateTerminate,
]

export const API_METADATA: ReadonlyMap<string, ApiMetadata> = new Map(ALL.map((api) => [api.name, api]))

/** The metadata of one served API. @throws Error for a method without a copied metadata file */
export function metadataOf(method: ApiMethod): ApiMetadata {
  const api = API_METADATA.get(method)
  if (!api) throw new Error(`no metadata for ${method}`)
  return api
}

/** The single object parameter every served API takes (each has exactly one request param). */
export function requestParamOf(method: ApiMethod): FieldSpec {
  const [param, ...rest] = metadataOf(method).requestParams
  if (!param || rest.length > 0) throw new Error(`${method} does not take exactly one request parameter`)
  return param
}

/** `Foo[]` → `Foo`; undefined for a type that is not a list. */
export function listItemType(type: string): string | undefined {
  return type.endsWith('[]') ? type.slice(0, -2) : undefined
}

export const SCALAR_TYPES = new Set(['String', 'Number', 'Boolean', 'Date'])
