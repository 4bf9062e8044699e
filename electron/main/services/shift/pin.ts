import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Operator PINs, stored as salted scrypt hashes: `scrypt$N$r$p$<salt b64>$<hash b64>`. The cost
 * is in the text, so a later, costlier setting still verifies the PINs hashed before it. A 4–6
 * digit PIN has at most a million values, so the hash only slows an attacker who copied the
 * database; the real guard is the lockout after wrong attempts (`lockout.ts`).
 */

/** N = 2^14, r = 8, p = 1: about 16 MiB and a few tens of ms, bearable on a slow counter PC. */
export const PIN_SCRYPT = { N: 16384, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const SALT_LENGTH = 16

function derive(pin: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

export async function hashPin(pin: string, cost: { N: number; r: number; p: number } = PIN_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(pin, salt, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** True when `pin` is the one `stored` was made from. A malformed record never verifies. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number]
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false
  const salt = Buffer.from(parts[4]!, 'base64')
  const expected = Buffer.from(parts[5]!, 'base64')
  if (salt.length === 0 || expected.length !== KEY_LENGTH) return false
  const key = await derive(pin, salt, { N, r, p })
  return timingSafeEqual(key, expected)
}
