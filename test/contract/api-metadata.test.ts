import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  CREATE_ONLY_CONDITION_FIELDS,
  CouponTemplateOperateRequestPlainSchema,
  TemplateCreateResponseSchema,
  TemplateQueryRequestSchema,
  TemplateQueryResponseSchema,
  TemplateTerminateRequestSchema,
  TemplateTerminateResponseSchema,
  TemplateUpdateResponseSchema,
} from '@contract/api/template'
import { VoucherStatusChangeOpenReqPlainSchema, VoucherStatusChangeResponseSchema } from '@contract/api/voucher'
import { CustomerVoucherFullOpenReqSchema, CustomerVoucherListResponseSchema } from '@contract/api/voucher-list'
import {
  CUSTOMER_VOUCHER_LIST,
  TEMPLATE_CREATE,
  TEMPLATE_QUERY,
  TEMPLATE_TERMINATE,
  TEMPLATE_UPDATE,
  VOUCHER_STATUS_CHANGE,
  type TopApi,
} from '@main/top/apis'
import { defOf, kinds, unwrap } from './schema-tree'

/**
 * The contract checked against TOP's own API metadata (copies in
 * electron/contract/api/docs/metadata/), one file per API the app calls: every field the metadata
 * lists is a field of the request or response schema at the same place in the tree, the schemas
 * invent none, a value of the metadata's type is accepted there, and the metadata's required
 * fields are required. A missing or invented field fails here.
 */

const METADATA = resolve(import.meta.dirname, '../../electron/contract/api/docs/metadata')

interface MetaParam {
  name: string
  type: string
  required?: boolean
  subParams?: MetaParam[]
}
interface ApiMetadata {
  name: string
  requestParams: MetaParam[]
  responseParams: MetaParam[]
}

const readMetadata = (method: string): ApiMetadata => JSON.parse(readFileSync(resolve(METADATA, `${method}.json`), 'utf8')) as ApiMetadata

// ---------------------------------------------------------------------------------------------
/** Dotted paths of every object field in the tree (`result.result_list.amount`), through arrays and unions. */
function schemaPaths(schema: z.ZodType, prefix = '', out = new Map<string, z.ZodType>()): Map<string, z.ZodType> {
  const def = defOf(unwrap(schema))
  if (def.type === 'object') {
    for (const [name, field] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
      const path = prefix ? `${prefix}.${name}` : name
      out.set(path, field)
      schemaPaths(field, path, out)
    }
  } else if (def.type === 'array') schemaPaths(def['element'] as z.ZodType, prefix, out)
  else if (def.type === 'union') for (const option of def['options'] as z.ZodType[]) schemaPaths(option, prefix, out)
  return out
}

function metadataPaths(params: readonly MetaParam[], prefix = '', out = new Map<string, MetaParam>()): Map<string, MetaParam> {
  for (const p of params) {
    const path = prefix ? `${prefix}.${p.name}` : p.name
    out.set(path, p)
    if (p.subParams) metadataPaths(p.subParams, path, out)
  }
  return out
}

const KIND: Record<string, string> = { String: 'string', Date: 'string', Number: 'number', Boolean: 'boolean' }

/**
 * A value of the metadata's type for a leaf (`String`, `Number`, `Boolean`, `Date`, `X[]`). A
 * field the schema keeps to a set of codes (`send_type`, `type`) gets one of its codes of that
 * kind, a link field a link: the kind is what is checked here, the values are the fields' own tests.
 */
function sampleOf(type: string, name: string, schema: z.ZodType): unknown {
  const list = /^(.+)\[\]$/.exec(type)
  const def = defOf(unwrap(schema))
  if (list) return [sampleOf(list[1]!, name, def.type === 'array' ? (def['element'] as z.ZodType) : schema)]
  const codes = def.type === 'literal' ? (def['values'] as unknown[]) : def.type === 'enum' ? Object.values(def['entries'] as object) : []
  const code = codes.find((c) => typeof c === KIND[type])
  if (code !== undefined) return code
  switch (type) {
    case 'String':
      return def['format'] === 'url' ? 'https://example.com/logo.png' : name
    case 'Number':
      return 1
    case 'Boolean':
      return true
    case 'Date':
      return '2025-01-01 00:00:00'
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------

interface Covered {
  api: TopApi
  request: z.ZodType
  response: z.ZodType
  /** Fields beyond the metadata that another reference (the seed doc, a sibling API's metadata) shows, with where. */
  alsoInSeedDoc?: readonly string[]
}

/** The APIs the app calls, each with the schemas the client sends and reads it with. */
const APIS: Covered[] = [
  {
    api: VOUCHER_STATUS_CHANGE,
    request: VoucherStatusChangeOpenReqPlainSchema,
    response: VoucherStatusChangeResponseSchema,
    // The seed doc's response tree lists result_code / desc / view under each voucher status
    // (its XML example and the metadata put them on the common result): both are read.
    alsoInSeedDoc: [
      'result.result.voucher_status_list.result_code',
      'result.result.voucher_status_list.result_desc',
      'result.result.voucher_status_list.result_view',
    ],
  },
  { api: CUSTOMER_VOUCHER_LIST, request: CustomerVoucherFullOpenReqSchema, response: CustomerVoucherListResponseSchema },
  {
    api: TEMPLATE_UPDATE,
    request: CouponTemplateOperateRequestPlainSchema,
    response: TemplateUpdateResponseSchema,
    // One draft schema serves create and update: these two are create's (its metadata lists them),
    // and the update request leaves them out before it is sent (services/templates/submission.ts).
    alsoInSeedDoc: CREATE_ONLY_CONDITION_FIELDS.map((name) => `coupon_template.condition_config.${name}`),
  },
  // Create takes update's request (its `id` left empty) and answers the new ids in `model`.
  { api: TEMPLATE_CREATE, request: CouponTemplateOperateRequestPlainSchema, response: TemplateCreateResponseSchema },
  // The query answers the template in its own spelling: Number[] terminals, `devalue`, no unique_id.
  { api: TEMPLATE_QUERY, request: TemplateQueryRequestSchema, response: TemplateQueryResponseSchema },
  { api: TEMPLATE_TERMINATE, request: TemplateTerminateRequestSchema, response: TemplateTerminateResponseSchema },
]

describe.each(APIS)('$api.method', ({ api, request, response, alsoInSeedDoc = [] }) => {
  const meta = readMetadata(api.method)

  it('is the metadata of the method, and its one request parameter is the form field the client sends', () => {
    expect(meta.name).toBe(api.method)
    expect(meta.requestParams.map((p) => p.name)).toEqual([api.param])
  })

  const sides = [
    // The request schema describes the object inside the form field.
    { side: 'request', schema: request, fields: metadataPaths(meta.requestParams[0]!.subParams ?? []) },
    { side: 'response', schema: response, fields: metadataPaths(meta.responseParams) },
  ] as const

  describe.each(sides)('$side', ({ side, schema, fields }) => {
    const paths = schemaPaths(schema)

    it('every field the metadata lists is in the schema, at its place in the tree', () => {
      expect([...fields.keys()].filter((path) => !paths.has(path))).toEqual([])
    })

    it('the schema invents no field the metadata does not list', () => {
      expect([...paths.keys()].filter((path) => !fields.has(path) && !alsoInSeedDoc.includes(path))).toEqual([])
    })

    it("each leaf takes the metadata's kind", () => {
      for (const [path, param] of fields) {
        if (param.subParams) continue
        const field = paths.get(path)!
        const list = /^(.+)\[\]$/.exec(param.type)
        const kind = list ? 'array' : KIND[param.type]
        expect(kind, `${path}: ${param.type}`).toBeDefined()
        if (side === 'response') {
          // Replies are read leniently (reply-fields.ts): what matters is that a value of the
          // metadata's type is accepted.
          expect(field.safeParse(sampleOf(param.type, param.name, field)).success, `${path}: ${param.type}`).toBe(true)
        } else {
          expect(kinds(field), `${path}: ${param.type}`).toContain(kind)
          if (list) expect(kinds(defOf(unwrap(field))['element'] as z.ZodType), `${path} items`).toContain(KIND[list[1]!])
        }
      }
    })

    if (side === 'request') {
      it('a field the metadata marks required is required', () => {
        for (const [path, param] of fields) {
          if (param.required) expect(paths.get(path)!.safeParse(undefined).success, `${path} is required`).toBe(false)
        }
      })
    }
  })
})
