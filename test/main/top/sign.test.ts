import { createHash, createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { signTopRequest, type SignMethod } from '@main/top/sign'

const require = createRequire(import.meta.url)
/** The official Node SDK: an independent md5 implementation of the same algorithm. */
const { ApiClient } = require('ali-topsdk') as {
  ApiClient: new (o: { appkey: string; appsecret: string; url: string }) => { sign(p: Record<string, string>): string }
}

const SECRET = 'coupon-desk-sandbox-secret'
const PARAMS: Record<string, string> = {
  method: 'alibaba.alsc.crm.voucher.status.change',
  app_key: '10000001',
  timestamp: '2024-05-20 13:14:15',
  format: 'json',
  v: '2.0',
  param_voucher_status_change_open_req:
    '{"customer_id":"C10001","operator_id":"op-7","operator_name":"张三","request_id":"r-0001","source":"POS","voucher_id_list":["880000000001"],"voucher_status_action":"NORMAL_ISUSED"}',
}
const withMethod = (signMethod: SignMethod) => ({ ...PARAMS, sign_method: signMethod })

/** The documented algorithm, written out step by step. */
function documentedSign(params: Record<string, string>, secret: string, signMethod: SignMethod): string {
  const names = Object.keys(params)
    .filter((n) => n !== 'sign')
    .sort((a, b) => Buffer.compare(Buffer.from(a, 'ascii'), Buffer.from(b, 'ascii')))
  const joined = Buffer.from(names.map((n) => n + params[n]).join(''), 'utf8')
  const hex =
    signMethod === 'md5'
      ? createHash('md5')
          .update(Buffer.concat([Buffer.from(secret), joined, Buffer.from(secret)]))
          .digest('hex')
      : createHmac(signMethod === 'hmac' ? 'md5' : 'sha256', Buffer.from(secret, 'utf8'))
          .update(joined)
          .digest('hex')
  return hex.toUpperCase()
}

describe('signTopRequest', () => {
  // Computed with Python's hashlib/hmac on the UTF-8 bytes, independently of this code base.
  it.each([
    ['md5', '78CD71E96C741ACC3B21D7EF7FA476CF'],
    ['hmac', 'A42B893B08A65A54D2FBE3EEBFD19A4E'],
    ['hmac-sha256', 'F072F6451DBE62A433CD82397A3A7DE3D1D8F9BD044503E19461702A52E62501'],
  ] as const)('matches the known answer for %s (Chinese text signed as UTF-8)', (signMethod, expected) => {
    expect(signTopRequest(withMethod(signMethod), SECRET, signMethod)).toBe(expected)
    expect(documentedSign(withMethod(signMethod), SECRET, signMethod)).toBe(expected)
  })

  it('agrees with the official SDK (ali-topsdk) for md5', () => {
    const sdk = new ApiClient({ appkey: '10000001', appsecret: SECRET, url: 'http://127.0.0.1/router/rest' })
    const samples: Record<string, string>[] = [
      withMethod('md5'),
      { ...withMethod('md5'), session: 'abc', simplify: 'true', partner_id: 'top-sdk-java' },
      { a: '1', B: '2', _c: '3', '10': 'x', '9': 'y', emoji: '券🎟️' },
    ]
    for (const params of samples) expect(signTopRequest(params, SECRET, 'md5')).toBe(sdk.sign(params))
  })

  it.each(['hmac', 'hmac-sha256'] as const)('agrees with the documented %s algorithm', (signMethod) => {
    const samples: Record<string, string>[] = [
      withMethod(signMethod),
      { Z: 'upper first', a: 'lower', '10': 'x', '9': 'y', text: '满100减10' },
    ]
    for (const params of samples) {
      expect(signTopRequest(params, SECRET, signMethod)).toBe(documentedSign(params, SECRET, signMethod))
    }
  })

  it('signs a large request (hashed part by part) the same as the SDK and the documented algorithm', () => {
    const sdk = new ApiClient({ appkey: '10000001', appsecret: SECRET, url: 'http://127.0.0.1/router/rest' })
    const shops = Array.from({ length: 10_000 }, (_, i) => `"${300_000 + i}"`).join(',')
    const large = { ...withMethod('md5'), param_coupon_template_operate_request: `{"title":"满100减10","shop_ids":[${shops}]}`, sign: 'X' }
    const { sign: _sign, ...unsigned } = large
    expect(signTopRequest(large, SECRET, 'md5')).toBe(sdk.sign(unsigned))
    for (const signMethod of ['md5', 'hmac', 'hmac-sha256'] as const) {
      const params = { ...large, sign_method: signMethod }
      expect(signTopRequest(params, SECRET, signMethod)).toBe(documentedSign(params, SECRET, signMethod))
    }
  })

  it('leaves the sign parameter itself out, and orders names by ASCII not by insertion', () => {
    const params = withMethod('hmac-sha256')
    const reordered = Object.fromEntries(Object.entries(params).reverse())
    const signed = signTopRequest(params, SECRET, 'hmac-sha256')
    expect(signTopRequest({ ...reordered, sign: 'ANYTHING' }, SECRET, 'hmac-sha256')).toBe(signed)
  })

  it('gives uppercase hex of the right length for each method', () => {
    expect(signTopRequest(withMethod('md5'), SECRET, 'md5')).toMatch(/^[0-9A-F]{32}$/)
    expect(signTopRequest(withMethod('hmac'), SECRET, 'hmac')).toMatch(/^[0-9A-F]{32}$/)
    expect(signTopRequest(withMethod('hmac-sha256'), SECRET, 'hmac-sha256')).toMatch(/^[0-9A-F]{64}$/)
  })

  it('changes with the secret, any value, and the sign method', () => {
    const base = signTopRequest(withMethod('md5'), SECRET, 'md5')
    expect(signTopRequest(withMethod('md5'), `${SECRET}x`, 'md5')).not.toBe(base)
    expect(signTopRequest({ ...withMethod('md5'), timestamp: '2024-05-20 13:14:16' }, SECRET, 'md5')).not.toBe(base)
    expect(signTopRequest(withMethod('md5'), SECRET, 'hmac')).not.toBe(base)
  })
})
