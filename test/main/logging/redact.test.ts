import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createRedactor, REDACTED } from '@main/logging/redact'

const SECRET = 'redact-test-secret 9f/+&=ü'
const SESSION = '6100e2f1c0ffee000000000000000000000000001234567'
const SIGN = 'A3F1C9D2E4B5A6F7081928374655AABB'
const SIGN256 = `${SIGN}${SIGN}`

function redactor() {
  const r = createRedactor()
  r.remember(SECRET)
  r.remember(SESSION)
  return r
}

/** What a line must not contain, in any of the spellings it could take. */
const FORBIDDEN = [SECRET, SESSION, SIGN, encodeURIComponent(SECRET), 'redact-test-secret', SESSION.slice(0, 20)]

describe('one redaction step', () => {
  const cases: Array<[string, string]> = [
    ['raw in a sentence', `keychain refused set of p1:appSecret = ${SECRET}`],
    ['URL-encoded', `POST https://eco.taobao.com/router/rest?app_key=1&session=${encodeURIComponent(SESSION)}&sign=${SIGN}`],
    ['form-encoded', `body: ${new URLSearchParams({ method: 'x', app_secret: SECRET, session: SESSION, sign: SIGN }).toString()}`],
    ['in JSON', JSON.stringify({ appSecret: SECRET, sessionKey: SESSION, sign: SIGN256 })],
    ['JSON inside a JSON string', JSON.stringify({ body: JSON.stringify({ app_secret: SECRET, sign: SIGN }) })],
    ['util.inspect of an object', inspect({ appSecret: SECRET, nested: { session: SESSION } })],
    ['base64', `auth=${Buffer.from(SECRET).toString('base64')}`],
    ['a signature alone', `computed ${SIGN} vs ${SIGN256.toLowerCase().toUpperCase()}`],
  ]
  for (const [name, line] of cases) {
    it(`removes secrets ${name}`, () => {
      const out = redactor().redact(line)
      for (const value of FORBIDDEN) expect(out).not.toContain(value)
      expect(out).toContain(REDACTED)
    })
  }

  it('catches fields by name even for values it was never told', () => {
    const r = createRedactor()
    const out = r.redact(`sign=ABC123&session=never-seen-session&app_secret=typed-but-failed&appSecret: 'x1' "sessionKey":"y2"`)
    expect(out).not.toMatch(/ABC123|never-seen-session|typed-but-failed|x1|y2/)
  })

  it('keeps what support needs: ids, codes, amounts, masked keys', () => {
    const line =
      'voucher 880000000001 redeemed, request_id 5b1c7a9e-3f2d-4c1b-9a8e-1d2c3b4a5f6e, code 15, app key 27****18, isp.top-remote-connection-timeout'
    expect(redactor().redact(line)).toBe(line)
  })

  it('a short value is not learnt (it would blank ordinary words)', () => {
    const r = createRedactor()
    r.remember('ab')
    expect(r.redact('ab cd ab')).toBe('ab cd ab')
  })
})
