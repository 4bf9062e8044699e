import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { CREATE_ONLY_CONDITION_FIELDS, CouponTemplateOperateRequestPlainSchema, TemplateUpdateResponseSchema } from '@contract/api/template'
import { VoucherStatusChangeOpenReqPlainSchema, VoucherStatusChangeResponseSchema } from '@contract/api/voucher'
import { TEMPLATE_UPDATE, VOUCHER_STATUS_CHANGE } from '@main/top/apis'
import { defOf, kinds, unwrap } from './schema-tree'

/**
 * The contract checked against the API docs themselves (verbatim copies in
 * electron/contract/api/docs/), not against a hand-typed list: every field the doc names is a
 * field of the schema tree, with the doc's required flag and kind, and the schemas invent no field
 * the doc does not name.
 */

const DOCS = resolve(import.meta.dirname, '../../electron/contract/api/docs')

interface DocField {
  name: string
  /** `String`, `Number`, `Boolean`, `Date`, `String []`, or a structure name such as `InvestmentInfo []`. */
  type: string
  /** Request fields say 必须/可选; response fields say nothing. */
  required?: boolean
}

interface ApiDoc {
  method: string
  /** The TOP form parameter (request) and the top-level reply field (response): the doc's table rows. */
  requestParam: string
  responseRoots: string[]
  request: DocField[]
  response: DocField[]
  /** Every `└ name` line of each section, to prove the field parser misses none. */
  leafLines: { request: string[]; response: string[] }
}

const BULLET = /^\s*•\s(.*)$/
const FIELD_NAME = /^(?:└ )?([a-z][a-z0-9_]*)$/
const DOC_TYPE = /^(?:String|Number|Boolean|Date|[A-Z][A-Za-z]+)(?: \[\])?$/

function section(text: string, start: string, end: string): string[] {
  const from = text.indexOf(start)
  const to = text.indexOf(end, from)
  expect(from, `doc has no ${start}`).toBeGreaterThanOrEqual(0)
  expect(to, `doc has no ${end}`).toBeGreaterThan(from)
  return text.slice(from + start.length, to).split('\n')
}

/**
 * The doc's parameter tables flatten each field into bullets: name (`└ name` for a leaf), type,
 * then for requests 必须/可选, an example and a description. A name is a bullet that is a
 * snake_case word followed by a type bullet (examples such as `anonymous` are followed by text).
 */
function fieldsOf(lines: string[]): { fields: DocField[]; leaves: string[]; roots: string[] } {
  const bullets = lines.map((l) => BULLET.exec(l)?.[1]?.trim()).filter((b): b is string => b !== undefined)
  const fields: DocField[] = []
  bullets.forEach((bullet, i) => {
    const name = FIELD_NAME.exec(bullet)?.[1]
    const type = bullets[i + 1]
    if (!name || !type || !DOC_TYPE.test(type)) return
    const flag = bullets[i + 2]
    fields.push({ name, type, ...(flag === '必须' || flag === '可选' ? { required: flag === '必须' } : {}) })
  })
  const leaves = bullets.filter((b) => b.startsWith('└ ')).map((b) => b.slice(2).trim())
  // Table rows (not bullets) after the header line: `result CommonResult 1 接口结果`.
  const roots = lines.filter((l) => l.trim() !== '' && !BULLET.test(l) && !l.startsWith('名称')).map((l) => l.trim().split(/\s+/)[0]!)
  return { fields, leaves, roots }
}

function readDoc(file: string): ApiDoc {
  const text = readFileSync(resolve(DOCS, file), 'utf8')
  const method = /^(alibaba\.[a-z.]+) \(/m.exec(text)?.[1] ?? ''
  const request = fieldsOf(section(text, '请求参数', '响应参数'))
  const response = fieldsOf(section(text, '响应参数', '请求示例'))
  return {
    method,
    requestParam: request.roots[0] ?? '',
    responseRoots: response.roots,
    request: request.fields,
    response: response.fields,
    leafLines: { request: request.leaves, response: response.leaves },
  }
}

// ---------------------------------------------------------------------------------------------
/** Every object field in the tree, through arrays, unions and pipes, with its (wrapped) schema. */
function schemaFields(schema: z.ZodType, out: { name: string; schema: z.ZodType }[] = []) {
  const s = unwrap(schema)
  const def = defOf(s)
  if (def.type === 'object') {
    for (const [name, field] of Object.entries((s as z.ZodObject).shape)) {
      out.push({ name, schema: field })
      schemaFields(field, out)
    }
  } else if (def.type === 'array') schemaFields(def['element'] as z.ZodType, out)
  else if (def.type === 'union') for (const option of def['options'] as z.ZodType[]) schemaFields(option, out)
  return out
}

/** What a doc type means on the wire. */
function expectedKind(docType: string): { kind: string; item?: string } {
  const list = /^(.+) \[\]$/.exec(docType)
  if (list) return { kind: 'array', item: expectedKind(list[1]!).kind }
  return { kind: { String: 'string', Date: 'string', Number: 'number', Boolean: 'boolean' }[docType] ?? 'object' }
}

// ---------------------------------------------------------------------------------------------

const APIS = [
  {
    file: 'alibaba.alsc.crm.voucher.status.change.txt',
    api: VOUCHER_STATUS_CHANGE,
    request: VoucherStatusChangeOpenReqPlainSchema,
    response: VoucherStatusChangeResponseSchema,
  },
  {
    file: 'alibaba.wdk.coupon.template.update.txt',
    api: TEMPLATE_UPDATE,
    request: CouponTemplateOperateRequestPlainSchema,
    response: TemplateUpdateResponseSchema,
  },
] as const

describe.each(APIS)('$file', ({ file, api, request, response }) => {
  const doc = readDoc(file)

  it('names the method and form parameter the TOP client sends', () => {
    expect(doc.method).toBe(api.method)
    expect(doc.requestParam).toBe(api.param)
  })

  it('the field parser reads every leaf line of the doc (it cannot silently see nothing)', () => {
    expect(doc.request.length).toBeGreaterThan(5)
    expect(doc.response.length).toBeGreaterThan(2)
    for (const side of ['request', 'response'] as const) {
      const names = doc[side].map((f) => f.name)
      expect(
        doc.leafLines[side].every((leaf) => names.includes(leaf)),
        side,
      ).toBe(true)
    }
  })

  describe.each(['request', 'response'] as const)('%s', (side) => {
    const schema = side === 'request' ? request : response
    const fields = schemaFields(schema)
    const docFields = doc[side]
    // A response's top-level field is a table row of its own (`result`); the request's row is the form parameter.
    const docNames = new Set([...docFields.map((f) => f.name), ...(side === 'response' ? doc.responseRoots : [])])

    it('every field the doc names is a field of the schema', () => {
      const schemaNames = new Set(fields.map((f) => f.name))
      expect([...docNames].filter((name) => !schemaNames.has(name))).toEqual([])
    })

    it('the schema has no field the doc does not name', () => {
      // Create's extra conditions (in create's metadata, not update's doc) are in the shared schema; updates leave them out.
      const createOnly: readonly string[] = CREATE_ONLY_CONDITION_FIELDS
      expect([...new Set(fields.map((f) => f.name))].filter((name) => !docNames.has(name) && !createOnly.includes(name))).toEqual([])
    })

    it("each field has the doc's kind (string, number, boolean, list, structure)", () => {
      for (const docField of docFields) {
        const { kind, item } = expectedKind(docField.type)
        for (const field of fields.filter((f) => f.name === docField.name)) {
          expect(kinds(field.schema), `${docField.name}: ${docField.type}`).toContain(kind)
          if (item) {
            const element = defOf(unwrap(field.schema))['element'] as z.ZodType
            expect(kinds(element), `${docField.name} items`).toContain(item)
          }
        }
      }
    })

    if (side === 'request') {
      it('each field is required exactly when the doc says 必须', () => {
        const flagged = docFields.filter((f) => f.required !== undefined)
        expect(flagged).toHaveLength(docFields.length)
        for (const docField of flagged) {
          for (const field of fields.filter((f) => f.name === docField.name)) {
            const optional = field.schema.safeParse(undefined).success
            expect(optional, `${docField.name} is ${docField.required ? '必须' : '可选'}`).toBe(!docField.required)
          }
        }
      })
    }
  })
})
