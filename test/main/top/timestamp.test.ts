import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import { formatTopTimestamp, parseTopTimestamp } from '@main/top/timestamp'

const require = createRequire(import.meta.url)
const topUtil = require('ali-topsdk/lib/topUtil.js') as { YYYYMMDDHHmmss(d: Date): string }

const originalTz = process.env.TZ

describe('TOP timestamps (GMT+8 wall clock)', () => {
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ
    else process.env.TZ = originalTz
  })

  it('formats an instant as Beijing time', () => {
    expect(formatTopTimestamp(new Date(Date.UTC(2024, 0, 31, 16, 30, 5)))).toBe('2024-02-01 00:30:05')
    expect(formatTopTimestamp(new Date(Date.UTC(2024, 11, 31, 15, 59, 59)))).toBe('2024-12-31 23:59:59')
    expect(formatTopTimestamp(new Date(Date.UTC(2024, 11, 31, 16, 0, 0)))).toBe('2025-01-01 00:00:00')
  })

  it('ignores the process time zone, where the official SDK uses local time', () => {
    const instant = new Date(Date.UTC(2024, 6, 1, 4, 5, 6)) // 12:05:06 in Beijing, 00:05:06 in New York (EDT)
    process.env.TZ = 'America/New_York'
    expect(instant.getTimezoneOffset()).toBe(240) // the zone change took effect
    expect(formatTopTimestamp(instant)).toBe('2024-07-01 12:05:06')
    expect(topUtil.YYYYMMDDHHmmss(instant)).toBe('2024-07-01 00:05:06') // 12 h off: code 31 at the gateway
    process.env.TZ = 'Pacific/Kiritimati' // UTC+14
    expect(formatTopTimestamp(instant)).toBe('2024-07-01 12:05:06')
  })

  it('parses back to the same instant', () => {
    const instant = new Date(Date.UTC(2025, 1, 28, 17, 0, 1))
    expect(parseTopTimestamp(formatTopTimestamp(instant))?.getTime()).toBe(instant.getTime())
    expect(parseTopTimestamp('2019-12-31 23:59:59')?.toISOString()).toBe('2019-12-31T15:59:59.000Z')
  })

  it('reads years below 100 literally', () => {
    expect(parseTopTimestamp('0099-01-01 08:00:00')?.getUTCFullYear()).toBe(99)
  })

  it.each(['', '2024-02-30 10:00:00', '2024-01-01T10:00:00', '2024-1-1 10:00:00', '2024-01-01 24:00:00', '1704067200000'])(
    'rejects %j',
    (text) => {
      expect(parseTopTimestamp(text)).toBeUndefined()
    },
  )
})
