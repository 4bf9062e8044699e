import { describe, expect, it } from 'vitest'
import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import { CouponTemplateSchema, TemplateQueryResponseSchema, type CouponTemplate } from '@contract/api/template'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { baseTemplateId, serverDraftBody, serverHoldsBase } from '@main/services/templates/server-check'

const base = (): DraftBody => {
  const body = structuredClone(VALID_TEMPLATE_EXAMPLE) as DraftBody
  delete body.coupon_template!.unique_id
  return body
}
const server = (edit?: (t: Record<string, unknown> & CouponTemplate) => void): CouponTemplate => {
  const t = CouponTemplateSchema.parse(structuredClone(VALID_TEMPLATE_EXAMPLE.coupon_template)) as Record<string, unknown> & CouponTemplate
  edit?.(t)
  return t
}

describe('pre-send check: does the server still hold the base?', () => {
  it("sees the same content through the server's spelling of it", () => {
    expect(serverHoldsBase(base(), server())).toBe(true)
    // Another unique_id, id lists in another order, an empty field left out: not changes.
    expect(
      serverHoldsBase(
        base(),
        server((t) => {
          t.unique_id = 'their-key'
          t.condition_config = { ...t.condition_config!, terminals: ['2', '1'] }
        }),
      ),
    ).toBe(true)
    const withEmpty = base()
    withEmpty.coupon_template!.uuid = ''
    withEmpty.coupon_template!.option_config = {}
    expect(serverHoldsBase(withEmpty, server())).toBe(true)
    // An id typed as a number in an imported base is the same id.
    const numeric = base()
    numeric.coupon_template!.source_id = 42
    expect(
      serverHoldsBase(
        numeric,
        server((t) => (t.source_id = '42')),
      ),
    ).toBe(true)
  })

  it('sees a change anywhere in the template, rows in order included', () => {
    expect(
      serverHoldsBase(
        base(),
        server((t) => (t.apply_limit_config.coupon_total_lmt = 20_000)),
      ),
    ).toBe(false)
    expect(
      serverHoldsBase(
        base(),
        server((t) => (t.common_config.status = 0)),
      ),
    ).toBe(false)
    expect(
      serverHoldsBase(
        base(),
        server((t) => (t.option_config = { logo_url: 'https://example.com/a.png' })),
      ),
    ).toBe(false)
    expect(
      serverHoldsBase(
        base(),
        server((t) => (t.investment_config = { investment_info_list: [...t.investment_config!.investment_info_list!].reverse() })),
      ),
    ).toBe(false)
    expect(
      serverHoldsBase(
        base(),
        server((t) => delete t.time_limit_config),
      ),
    ).toBe(false)
  })

  it("turns the server copy into a draft body with this PC's operator and no unique_id", () => {
    const body = serverDraftBody(
      server((t) => (t.unique_id = 'their-key')),
      base(),
    )
    expect(body.coupon_template).not.toHaveProperty('unique_id')
    expect(body.user_info).toEqual(VALID_TEMPLATE_EXAMPLE.user_info)
    expect(body.coupon_template?.id).toBe('9007199254740993')
    expect(baseTemplateId({ coupon_template: { id: 9007199254740 } })).toBe('9007199254740')
    expect(baseTemplateId({ coupon_template: {} })).toBeUndefined()
  })

  it("reads the query's own reply: Number[] terminals and devalue are no change, and devalue stays out of a draft", () => {
    const stored = structuredClone(VALID_TEMPLATE_EXAMPLE.coupon_template) as Record<string, unknown>
    delete stored.unique_id
    const condition = stored.condition_config as Record<string, unknown>
    // The platform's spelling, as the query's metadata lists it.
    const reply = {
      result: {
        success: true,
        model: {
          coupon_template: {
            ...stored,
            condition_config: { ...condition, terminals: (condition.terminals as string[]).map(Number) },
            option_config: { ...(stored.option_config as object), devalue: false },
          },
        },
      },
    }
    const queried = TemplateQueryResponseSchema.parse(reply).result.model!.coupon_template!
    expect(queried.condition_config?.terminals).toEqual(condition.terminals)
    expect(serverHoldsBase(base(), queried)).toBe(true)
    expect(serverDraftBody(queried, base()).coupon_template?.option_config).not.toHaveProperty('devalue')
    // A real change in the same reply is still seen.
    const changed = structuredClone(reply)
    changed.result.model.coupon_template.condition_config.terminals = [1]
    expect(serverHoldsBase(base(), TemplateQueryResponseSchema.parse(changed).result.model!.coupon_template!)).toBe(false)
  })
})
