import { describe, expect, it } from 'vitest'
import {
  formatRatePercent,
  formatRatioPercent,
  formatScaled,
  formatYuan,
  parseCount,
  parseInt64Text,
  parseRatePercent,
  parseRatioPercent,
  parseYuan,
  partsToSeconds,
  rateToPercentOff,
  rateToZhe,
  secondsToParts,
} from '@renderer/shared/units'

const value = (parsed: { ok: boolean; value?: number }) => (parsed.ok ? parsed.value : 'invalid')

describe('money: yuan ↔ fen', () => {
  it.each([
    ['0', 0],
    ['0.1', 10],
    ['0.01', 1],
    ['0.3', 30],
    ['12.5', 1250],
    ['12.', 1200],
    ['.5', 50],
    ['100.00', 10000],
    ['¥ 8.88', 888],
    ['１２．３４', 1234],
    ['90071992547409.91', 9007199254740991],
  ])('%s yuan is %i fen', (text, fen) => {
    expect(value(parseYuan(text))).toBe(fen)
  })

  it.each(['', '.', '1.234', '-1', '1e3', '1,000', 'abc', '90071992547409.92'])('refuses %j rather than rounding', (text) => {
    expect(parseYuan(text).ok).toBe(false)
  })

  it('adds like money, not like floats: 0.1 + 0.2 yuan is exactly 30 fen', () => {
    const sum = (value(parseYuan('0.1')) as number) + (value(parseYuan('0.2')) as number)
    expect(sum).toBe(30)
    expect(formatYuan(sum)).toBe('0.30')
  })

  it('round-trips every fen amount exactly', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 1234, 100000, 9007199254740991]) {
      expect(value(parseYuan(formatYuan(fen)))).toBe(fen)
    }
    for (let fen = 0; fen < 2000; fen++) expect(value(parseYuan(formatYuan(fen)))).toBe(fen)
    expect(formatYuan(5)).toBe('0.05')
    expect(formatYuan(-250)).toBe('-2.50')
  })
})

describe('ratios and rates', () => {
  it('reads investor shares as percent of 10000, exactly', () => {
    expect(value(parseRatioPercent('20'))).toBe(2000)
    expect(value(parseRatioPercent('20.5%'))).toBe(2050)
    expect(value(parseRatioPercent('33.33'))).toBe(3333)
    expect(value(parseRatioPercent('100'))).toBe(10000)
    expect(parseRatioPercent('33.333').ok).toBe(false)
    for (const ratio of [0, 1, 2000, 3333, 5050, 9999, 10000]) expect(value(parseRatioPercent(formatRatioPercent(ratio)))).toBe(ratio)
    expect(formatRatioPercent(2050)).toBe('20.5')
  })

  it('reads discount rates as percent paid out of 1000, with the 折 reading beside', () => {
    expect(value(parseRatePercent('80'))).toBe(800)
    expect(value(parseRatePercent('85.5'))).toBe(855)
    expect(parseRatePercent('85.55').ok).toBe(false)
    for (const rate of [1, 10, 500, 800, 855, 999]) expect(value(parseRatePercent(formatRatePercent(rate)))).toBe(rate)
    expect([rateToZhe(800), rateToPercentOff(800)]).toEqual(['8', '20'])
    expect([rateToZhe(855), rateToPercentOff(855)]).toEqual(['8.55', '14.5'])
    expect(rateToZhe(10)).toBe('0.1')
  })
})

describe('counts and ids', () => {
  it('accepts whole numbers only', () => {
    expect(value(parseCount('12'))).toBe(12)
    expect(parseCount('1.5').ok).toBe(false)
    expect(parseCount('-1').ok).toBe(false)
    expect(formatScaled(12, 0)).toBe('12')
  })

  it('keeps 64-bit ids as exact text', () => {
    expect(parseInt64Text(' 9007199254740993 ')).toEqual({ ok: true, value: '9007199254740993' })
    expect(parseInt64Text('007')).toEqual({ ok: true, value: '7' })
    expect(parseInt64Text('12a').ok).toBe(false)
  })
})

describe('durations', () => {
  it('splits seconds into days, hours, minutes and seconds and back, exactly', () => {
    expect(secondsToParts(7200)).toEqual({ days: 0, hours: 2, minutes: 0, seconds: 0 })
    expect(secondsToParts(1000)).toEqual({ days: 0, hours: 0, minutes: 16, seconds: 40 })
    expect(secondsToParts(90061)).toEqual({ days: 1, hours: 1, minutes: 1, seconds: 1 })
    for (const total of [0, 1, 59, 60, 3599, 3600, 86399, 86400, 14400, 2592000, 31536000 + 7]) {
      expect(partsToSeconds(secondsToParts(total))).toBe(total)
    }
    expect(partsToSeconds({ days: 2, hours: 3, minutes: 4, seconds: 5 })).toBe(2 * 86400 + 3 * 3600 + 4 * 60 + 5)
  })
})
