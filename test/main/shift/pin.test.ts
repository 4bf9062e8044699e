import { describe, expect, it } from 'vitest'
import { PinLockout } from '@main/services/shift/lockout'
import { hashPin, verifyPin } from '@main/services/shift/pin'

describe('PIN hashing', () => {
  it('stores a salted scrypt hash that verifies the PIN and nothing else', async () => {
    const stored = await hashPin('4821')
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(stored).not.toContain('4821')
    expect(await verifyPin('4821', stored)).toBe(true)
    expect(await verifyPin('4822', stored)).toBe(false)
    expect(await verifyPin('48210', stored)).toBe(false)
  })

  it('salts every hash: the same PIN twice gives two different records, both valid', async () => {
    const [a, b] = await Promise.all([hashPin('123456'), hashPin('123456')])
    expect(a).not.toBe(b)
    expect(await verifyPin('123456', a)).toBe(true)
    expect(await verifyPin('123456', b)).toBe(true)
  })

  it('verifies a PIN hashed at another cost, since the cost is in the record', async () => {
    const cheap = await hashPin('0000', { N: 1024, r: 8, p: 1 })
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(await verifyPin('0000', cheap)).toBe(true)
  })

  it('never verifies a malformed or tampered record', async () => {
    const stored = await hashPin('9999')
    const parts = stored.split('$')
    for (const broken of [
      '',
      'plain9999',
      parts.slice(0, 5).join('$'),
      ['bcrypt', ...parts.slice(1)].join('$'),
      [...parts.slice(0, 5), Buffer.alloc(32).toString('base64')].join('$'),
      [...parts.slice(0, 1), 'x', ...parts.slice(2)].join('$'),
    ]) {
      expect(await verifyPin('9999', broken)).toBe(false)
    }
  })
})

describe('wrong-PIN lockout', () => {
  it('locks for a minute after five wrong PINs in a row, then lets PINs be tried again', () => {
    let now = 1_000_000
    const lockout = new PinLockout(() => now)
    for (let i = 0; i < 4; i++) lockout.failed()
    expect(lockout.remainingMs()).toBe(0)
    expect(lockout.attemptsLeft()).toBe(1)
    lockout.failed()
    expect(lockout.remainingMs()).toBe(60_000)
    now += 59_999
    expect(lockout.remainingMs()).toBe(1)
    now += 1
    expect(lockout.remainingMs()).toBe(0)
    expect(lockout.attemptsLeft()).toBe(5)
  })

  it('a right PIN clears the count', () => {
    const lockout = new PinLockout(() => 0)
    for (let i = 0; i < 4; i++) lockout.failed()
    lockout.succeeded()
    for (let i = 0; i < 4; i++) lockout.failed()
    expect(lockout.remainingMs()).toBe(0)
  })
})
