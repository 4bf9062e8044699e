import { createHash, createHmac, hash } from 'node:crypto'

export const SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const
export type SignMethod = (typeof SIGN_METHODS)[number]

export function isSignMethod(value: unknown): value is SignMethod {
  return (SIGN_METHODS as readonly unknown[]).includes(value)
}

/**
 * TOP request signature: every sent parameter except `sign`, sorted by name in ASCII order,
 * concatenated as `name + value` with no separators, hashed as UTF-8, uppercase hex.
 *
 * It runs on every call and every retry, so it is built for speed: one pass assembles one string,
 * which is hashed in a single update. md5 uses the one-shot `crypto.hash`, which skips creating a
 * Hash object: that object is most of what the official SDK spends on small requests.
 *
 * A large request (a template with thousands of shop ids) is hashed part by part instead: the
 * joined string would only exist as a rope, and flattening a rope of more than 128 KiB (64 Ki
 * characters of Chinese text) allocates in V8's large-object space, which costs several times
 * what hashing the bytes does (see bench/README.md).
 */
export function signTopRequest(params: Record<string, string>, secret: string, signMethod: SignMethod): string {
  const names = sortedNames(params)
  // md5 hashes secret + s + secret: the one string starts with the secret and ends with it,
  // rather than a second rope being joined around the first (measurably cheaper on small requests).
  const wrap = signMethod === 'md5' ? secret : ''
  let text = wrap
  for (const name of names) {
    if (name !== 'sign') text += name + params[name]
  }
  if (text.length > ONE_STRING_MAX_CHARS) return signInParts(names, params, secret, signMethod)
  switch (signMethod) {
    case 'md5':
      return hash('md5', text + wrap, 'hex').toUpperCase()
    case 'hmac':
      return createHmac('md5', secret).update(text, 'utf8').digest('hex').toUpperCase()
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(text, 'utf8').digest('hex').toUpperCase()
  }
}

/**
 * Up to this many characters the signing string is joined and hashed in one call; beyond it the
 * parts go to the hash one by one. Well below the size where joining gets expensive (64 Ki
 * two-byte characters), well above a voucher request (under 1 Ki).
 */
const ONE_STRING_MAX_CHARS = 16 * 1024

/** The same digest, fed the secret, names and values one at a time: no joined string. */
function signInParts(names: readonly string[], params: Record<string, string>, secret: string, signMethod: SignMethod): string {
  const digest =
    signMethod === 'md5' ? createHash('md5').update(secret, 'utf8') : createHmac(signMethod === 'hmac' ? 'md5' : 'sha256', secret)
  for (const name of names) {
    if (name !== 'sign') digest.update(name, 'utf8').update(params[name]!, 'utf8')
  }
  if (signMethod === 'md5') digest.update(secret, 'utf8')
  return digest.digest('hex').toUpperCase()
}

/**
 * Parameter names in ASCII order. A request has about ten of them, where an insertion sort with
 * `>` is several times faster than `Array#sort`'s generic comparator path. Names are ASCII, so
 * UTF-16 code-unit order is ASCII order.
 */
function sortedNames(params: Record<string, string>): string[] {
  const names = Object.keys(params)
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!
    let j = i - 1
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!
      j--
    }
    names[j + 1] = name
  }
  return names
}
