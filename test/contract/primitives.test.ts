import { describe, it, expect } from 'vitest'
import {
  INT64_FIELD_NAMES,
  fen,
  int64Id,
  isTopDateTime,
  limitCount,
  seconds,
  toTopDateTime,
  topDateTime,
  trimmedId,
} from '@contract/api/primitives'
import { CouponTemplateOperateRequestPlainSchema } from '@contract/api/template'
import { VoucherStatusChangeOpenReqPlainSchema } from '@contract/api/voucher'
import { fieldsUsing, issuesOf } from './helpers'

describe('topDateTime', () => {
  it.each(['2019-12-31 23:59:59', '2024-02-29 00:00:00', '2000-02-29 12:30:00', '2025-01-01 00:00:00'])('accepts %s', (v) =>
    expect(topDateTime.safeParse(v).success).toBe(true),
  )

  it.each([
    '2019-12-31T23:59:59',
    '2019-12-31 23:59',
    '2019-1-31 23:59:59',
    '2023-02-29 00:00:00',
    '1900-02-29 00:00:00',
    '2019-13-01 00:00:00',
    '2019-04-31 00:00:00',
    '2019-12-31 24:00:00',
    '2019-12-31 23:60:00',
    '2019-12-31 23:59:60',
    '0000-01-01 00:00:00',
    ' 2019-12-31 23:59:59',
  ])('rejects %s with contract.dateTime', (v) => {
    expect(isTopDateTime(v)).toBe(false)
    expect(issuesOf(topDateTime, v)).toEqual([{ path: [], key: 'contract.dateTime', params: {} }])
  })

  it('reports a missing value as required', () => {
    expect(issuesOf(topDateTime, undefined)).toEqual([{ path: [], key: 'contract.required', params: {} }])
  })

  it('formats a Date in GMT+8 whatever the local zone', () => {
    expect(toTopDateTime(new Date('2019-12-31T15:59:59Z'))).toBe('2019-12-31 23:59:59')
    expect(toTopDateTime(new Date('2019-12-31T16:00:00Z'))).toBe('2020-01-01 00:00:00')
  })

  it('orders correctly as plain strings', () => {
    expect('2019-12-31 23:59:59' < '2020-01-01 00:00:00').toBe(true)
    expect('2020-01-01 09:00:00' < '2020-01-01 10:00:00').toBe(true)
  })
})

describe('int64Id', () => {
  it('keeps ids above 2^53 exact, as decimal strings', () => {
    expect(int64Id.parse('9007199254740993')).toBe('9007199254740993')
    expect(int64Id.parse(9007199254740993n)).toBe('9007199254740993')
    expect(int64Id.parse('9223372036854775807')).toBe('9223372036854775807')
    expect(int64Id.parse('-9223372036854775808')).toBe('-9223372036854775808')
  })

  it('accepts a safe integer number and outputs a string', () => {
    expect(int64Id.parse(100100331414)).toBe('100100331414')
    expect(int64Id.parse(0)).toBe('0')
    expect(int64Id.parse(-5)).toBe('-5')
  })

  it('canonicalises digit strings', () => {
    expect(int64Id.parse('007')).toBe('7')
    expect(int64Id.parse('-0')).toBe('0')
  })

  it.each([
    ['a number that already lost precision', 2 ** 53 + 2],
    ['a fraction', 1.5],
    ['beyond int64', '9223372036854775808'],
    ['below int64', '-9223372036854775809'],
    ['bigint beyond int64', 2n ** 63n],
    ['20 digits', '12345678901234567890'],
    ['non-digits', '12a'],
    ['a blank string', ''],
    ['a decimal string', '1.0'],
    ['a boolean', true],
    ['null', null],
  ])('rejects %s with contract.int64', (_label, v) => {
    expect(issuesOf(int64Id, v)).toEqual([{ path: [], key: 'contract.int64', params: {} }])
  })

  it('reports a missing value as required', () => {
    expect(issuesOf(int64Id, undefined)).toEqual([{ path: [], key: 'contract.required', params: {} }])
  })

  it('INT64_FIELD_NAMES names exactly the int64 fields of both requests', () => {
    const found = fieldsUsing(CouponTemplateOperateRequestPlainSchema, int64Id)
    fieldsUsing(VoucherStatusChangeOpenReqPlainSchema, int64Id, found)
    expect([...found].sort()).toEqual([...INT64_FIELD_NAMES].sort())
  })
})

describe('numbers and strings', () => {
  it('limitCount: -1 means unlimited, anything below is an error', () => {
    expect(limitCount.parse(-1)).toBe(-1)
    expect(limitCount.parse(0)).toBe(0)
    expect(issuesOf(limitCount, -2)).toEqual([{ path: [], key: 'contract.limitCount', params: {} }])
    expect(issuesOf(limitCount, 1.5)).toEqual([{ path: [], key: 'contract.notInteger', params: {} }])
  })

  it('fen and seconds: non-negative integers', () => {
    for (const schema of [fen, seconds]) {
      expect(schema.parse(0)).toBe(0)
      expect(issuesOf(schema, -1)).toEqual([{ path: [], key: 'contract.tooSmall', params: { limit: 0 } }])
      expect(issuesOf(schema, 0.5)).toEqual([{ path: [], key: 'contract.notInteger', params: {} }])
      expect(issuesOf(schema, '100')).toEqual([{ path: [], key: 'contract.invalidType', params: { expected: 'number' } }])
    }
  })

  it('trimmedId trims, and rejects what is blank after trimming', () => {
    expect(trimmedId.parse('  123\n')).toBe('123')
    expect(issuesOf(trimmedId, ' \t')).toEqual([{ path: [], key: 'contract.blank', params: {} }])
    expect(issuesOf(trimmedId, undefined)).toEqual([{ path: [], key: 'contract.required', params: {} }])
  })
})
