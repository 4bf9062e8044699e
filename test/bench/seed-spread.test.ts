import { describe, expect, it } from 'vitest'
import { apportion, DAY_MS, HOUR_MS, spreadCalls } from '../../bench/lib/seed-spread'

const END = Date.UTC(2024, 11, 31, 16) // midnight 2025-01-01 in Beijing
const DAYS = 3 * 365
const START = END - DAYS * DAY_MS
const options = { calls: 60_000, start: START, days: DAYS, shops: 50, operators: 200, customers: 10_000, seed: 7 }
const spread = spreadCalls(options)
const beijing = (ms: number) => new Date(ms + 8 * HOUR_MS)

describe('bench/lib/seed-spread: the seeded journal looks like a chain’s three years', () => {
  it('is the same every run, in time order, inside the period and opening hours', () => {
    const again = spreadCalls(options)
    expect(again.at).toEqual(spread.at)
    expect(again.shop).toEqual(spread.shop)
    expect(again.customer).toEqual(spread.customer)
    expect(spread.at).toHaveLength(60_000)
    const wrong: string[] = []
    spread.at.forEach((at, i) => {
      const hour = beijing(at).getUTCHours()
      if (i > 0 && at < spread.at[i - 1]!) wrong.push(`call ${i} before call ${i - 1}`)
      if (at < START || at >= END) wrong.push(`call ${i} outside the three years`)
      if (hour < 8 || hour >= 22) wrong.push(`call ${i} at ${hour}:00, shops closed`)
    })
    expect(wrong).toEqual([])
  })

  it('is busier at weekends than midweek, and grows year on year', () => {
    const perWeekday = new Array<number>(7).fill(0)
    const perYear = new Map<number, number>()
    for (const at of spread.at) {
      const day = beijing(at)
      perWeekday[day.getUTCDay()]! += 1
      perYear.set(day.getUTCFullYear(), (perYear.get(day.getUTCFullYear()) ?? 0) + 1)
    }
    const saturday = perWeekday[6]!
    const tuesday = perWeekday[2]!
    expect(saturday / tuesday).toBeGreaterThan(1.5)
    expect(perYear.get(2024)!).toBeGreaterThan(perYear.get(2022)! * 1.3)
  })

  it('peaks at lunch and dinner', () => {
    const perHour = new Array<number>(24).fill(0)
    for (const at of spread.at) perHour[beijing(at).getUTCHours()]! += 1
    expect(perHour[12]!).toBeGreaterThan(perHour[15]! * 4)
    expect(perHour[18]!).toBeGreaterThan(perHour[15]! * 4)
    expect(perHour[9]!).toBeGreaterThan(0)
  })

  it('has a few much busier shops, and every shop and operator in use', () => {
    const perShop = new Array<number>(50).fill(0)
    for (const s of spread.shop) perShop[s]! += 1
    const sorted = [...perShop].sort((a, b) => b - a)
    expect(sorted.at(-1)!).toBeGreaterThan(0)
    expect(sorted[0]! / sorted.at(-1)!).toBeGreaterThan(20)
    const operators = new Set(spread.operator)
    expect(operators.size).toBe(200)
  })

  it('keeps each operator at one shop, with more staff at busier shops', () => {
    const elsewhere = spread.shop.filter((shop, e) => spread.operatorShop[spread.operator[e]!] !== shop)
    expect(elsewhere).toHaveLength(0)
    const perShop = new Array<number>(50).fill(0)
    for (const s of spread.shop) perShop[s]! += 1
    const staff = new Array<number>(50).fill(0)
    for (const s of spread.operatorShop) staff[s]! += 1
    const busiest = perShop.indexOf(Math.max(...perShop))
    const quietest = perShop.indexOf(Math.min(...perShop))
    expect(staff[busiest]!).toBeGreaterThan(staff[quietest]! * 3)
    expect(Math.min(...staff)).toBeGreaterThanOrEqual(1)
  })

  it('has regulars: the most frequent customer visits far more often than the median one', () => {
    const visits = new Map<number, number>()
    for (const c of spread.customer) visits.set(c, (visits.get(c) ?? 0) + 1)
    const counts = [...visits.values()].sort((a, b) => b - a)
    expect(counts[0]! / counts[counts.length >> 1]!).toBeGreaterThan(10)
  })

  it('apportions exactly, with a minimum per part', () => {
    const counts = apportion([5, 1, 1, 0.01], 100, 2)
    expect([...counts].reduce((a, b) => a + b, 0)).toBe(100)
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2)
    expect(counts[0]!).toBeGreaterThan(counts[1]! * 3)
    expect(() => apportion([1, 1], 1, 1)).toThrow(RangeError)
  })
})
