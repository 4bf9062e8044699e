import { describe, it, expect } from 'vitest'
import { z } from 'zod'
import { collectIssues, report, toFieldIssues, zodIssueToKey } from '@contract/api/issues'

const issues = (schema: z.ZodType, value: unknown, withInput = false) => {
  const r = schema.safeParse(value)
  if (r.success) throw new Error('expected a failure')
  return toFieldIssues(r.error, withInput ? value : undefined)
}

/** Plain zod schemas, as other modules write them: no keyed errors attached. */
describe('zodIssueToKey on plain zod schemas', () => {
  it("maps a missing field to contract.required (from zod's text, or from the input)", () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) })
    expect(issues(schema, { b: {} })).toEqual([
      { path: ['a'], key: 'contract.required', params: {} },
      { path: ['b', 'c'], key: 'contract.required', params: {} },
    ])
    expect(issues(schema, { b: {} }, true).map((i) => i.key)).toEqual(['contract.required', 'contract.required'])
  })

  it('maps a wrong type to contract.invalidType with the expected type', () => {
    expect(issues(z.object({ a: z.string() }), { a: 1 })).toEqual([
      { path: ['a'], key: 'contract.invalidType', params: { expected: 'string' } },
    ])
  })

  it('maps sizes by origin and inclusiveness', () => {
    expect(issues(z.number().min(3), 1)[0]).toMatchObject({ key: 'contract.tooSmall', params: { limit: 3 } })
    expect(issues(z.number().max(3), 4)[0]).toMatchObject({ key: 'contract.tooBig', params: { limit: 3 } })
    expect(issues(z.number().positive(), 0)[0]).toMatchObject({ key: 'contract.mustBeGreater', params: { limit: 0 } })
    expect(issues(z.number().lt(5), 5)[0]).toMatchObject({ key: 'contract.mustBeLess', params: { limit: 5 } })
    expect(issues(z.string().min(2), 'a')[0]).toMatchObject({ key: 'contract.tooShort', params: { limit: 2 } })
    expect(issues(z.string().max(2), 'abc')[0]).toMatchObject({ key: 'contract.tooLong', params: { limit: 2 } })
    expect(issues(z.array(z.string()).min(1), [])[0]).toMatchObject({ key: 'contract.tooFewItems', params: { limit: 1 } })
    expect(issues(z.array(z.string()).max(1), ['a', 'b'])[0]).toMatchObject({ key: 'contract.tooManyItems', params: { limit: 1 } })
    expect(issues(z.bigint().min(5n), 1n)[0]).toMatchObject({ key: 'contract.tooSmall', params: { limit: '5' } })
  })

  it('maps formats, values, multiples, unknown keys and the rest', () => {
    expect(issues(z.email(), 'x')[0]).toMatchObject({ key: 'contract.invalidFormat', params: { format: 'email' } })
    expect(issues(z.enum(['a', 'b']), 'c')[0]).toMatchObject({ key: 'contract.invalidValue', params: { values: 'a, b' } })
    expect(issues(z.number().multipleOf(5), 7)[0]).toMatchObject({ key: 'contract.notMultipleOf', params: { divisor: 5 } })
    expect(issues(z.strictObject({}), { x: 1, y: 2 })[0]).toMatchObject({ key: 'contract.unknownKeys', params: { keys: 'x, y' } })
    expect(issues(z.number().int(), 1.5)[0]).toMatchObject({ key: 'contract.notInteger' })
    expect(issues(z.union([z.string(), z.number()]), true)[0]).toMatchObject({ key: 'contract.invalid' })
    expect(
      issues(
        z.string().refine(() => false, 'not a key'),
        'x',
      )[0],
    ).toMatchObject({ key: 'contract.invalid' })
  })

  it('takes a key given as the message, with custom params', () => {
    const schema = z.string().superRefine((_v, ctx) => {
      ctx.addIssue({ code: 'custom', message: 'contract.voucher.duplicateId', params: { id: 'x', nested: { no: 1 }, n: 2n } })
    })
    expect(issues(schema, 'a')).toEqual([{ path: [], key: 'contract.voucher.duplicateId', params: { id: 'x', n: '2' } }])
    expect(issues(z.string({ error: 'contract.blank' }), 1)).toEqual([{ path: [], key: 'contract.blank', params: {} }])
  })

  it('zodIssueToKey turns symbol path segments into strings', () => {
    const sym = Symbol('s')
    expect(zodIssueToKey({ code: 'custom', path: [sym, 0], message: 'contract.invalid' }).path).toEqual(['Symbol(s)', 0])
  })
})

describe('collectIssues / report', () => {
  it('runs a rule function outside zod', () => {
    const rule = (v: { n: number }, ctx: Parameters<typeof report>[0]) => {
      if (v.n > 1) report(ctx, ['n'], 'contract.tooBig', { limit: 1 })
    }
    expect(collectIssues(rule, { n: 2 })).toEqual([{ path: ['n'], key: 'contract.tooBig', params: { limit: 1 } }])
    expect(collectIssues(rule, { n: 1 })).toEqual([])
  })
})
