import { describe, it, expect } from 'vitest'
import { CouponType, ENUMS, RangeType, TemplateStatus, Terminal, defineEnum } from '@contract/api/enums'

describe('enum tables', () => {
  for (const [name, table] of Object.entries(ENUMS)) {
    describe(name, () => {
      it('has a zh and an en label for every code', () => {
        for (const entry of table.entries) {
          expect(entry.zh.trim(), `${name} ${entry.code} zh`).not.toBe('')
          expect(entry.en.trim(), `${name} ${entry.code} en`).not.toBe('')
          expect(table.label(entry.code, 'zh-CN')).toBe(entry.zh)
          expect(table.label(entry.code, 'en')).toBe(entry.en)
        }
      })

      it('has unique codes and keys, and byKey/byCode agree with entries', () => {
        const keys = table.entries.map((e) => e.key)
        expect(new Set(keys).size).toBe(keys.length)
        expect(new Set<unknown>(table.codes).size).toBe(table.codes.length)
        for (const entry of table.entries) {
          expect((table.byKey as Record<string, unknown>)[entry.key]).toBe(entry)
          expect(table.byCode(entry.code)).toBe(entry)
          expect(table.has(entry.code)).toBe(true)
        }
      })

      it('schema accepts exactly the codes', () => {
        for (const code of table.codes) expect(table.schema.safeParse(code).success).toBe(true)
        expect(table.schema.safeParse('no-such-code').success).toBe(false)
        expect(table.schema.safeParse(123456).success).toBe(false)
      })
    })
  }

  it('uses the doc codes and Chinese names', () => {
    expect(CouponType.codes).toEqual([6, 11, 12, 13, 14, 15])
    expect(CouponType.label(6, 'zh-CN')).toBe('一口价券')
    expect(CouponType.label(11, 'zh-CN')).toBe('满元减券')
    expect(CouponType.byKey.FULL_COUNT_DISCOUNT.code).toBe(14)
    expect(TemplateStatus.codes).toEqual([1, -1, 0, -2, -999])
    expect(TemplateStatus.label(-999, 'zh-CN')).toBe('草稿')
    expect(RangeType.byKey.COUPON_RANGE_SELLER.code).toBe(307)
    expect(ENUMS.VoucherStatusAction.label('ISUSED_NORMAL', 'zh-CN')).toBe('反核销')
    expect(ENUMS.VoucherSource.codes).toEqual(['POS', '移动门店'])
    expect(ENUMS.ApplicationType.label('pointCoupon', 'zh-CN')).toBe('积分券')
  })

  it('keeps terminals as strings, since terminals is String[] on the wire', () => {
    expect(Terminal.codes).toEqual(['1', '2'])
    expect(Terminal.schema.safeParse(1).success).toBe(false)
  })

  it('shows an unknown code raw instead of hiding it', () => {
    expect(CouponType.label(99, 'zh-CN')).toBe('99')
    expect(CouponType.byCode(99)).toBeUndefined()
    expect(CouponType.has('6')).toBe(false)
  })

  it('rejects duplicate codes when a table is defined', () => {
    expect(() =>
      defineEnum([
        { code: 1, key: 'A', zh: '甲', en: 'A' },
        { code: 1, key: 'B', zh: '乙', en: 'B' },
      ] as const),
    ).toThrow()
  })
})
