import { describe, expect, it } from 'vitest'
import { maskAppKey, ProfileInputSchema, ProfileNameSchema } from '@main/vault/profile-schema'

const base = { name: '盒马 上海店', kind: 'production', appKey: '12345678', appSecret: 'base-secret' } as const

/** The i18n keys / zod codes of the issues a parse reports, by field. */
function issuesOf(input: unknown) {
  const result = ProfileInputSchema.safeParse(input)
  if (result.success) return []
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code === 'custom' ? issue.message : issue.code}`)
}

describe('maskAppKey', () => {
  it('keeps the first four and last two characters behind a fixed run of stars', () => {
    expect(maskAppKey('12345678')).toBe('1234****78')
    expect(maskAppKey('abcdEFGH12345678ZZ')).toBe('abcd****ZZ')
  })

  it('stars out keys too short to show any part of', () => {
    expect(maskAppKey('1234567')).toBe('*******')
    expect(maskAppKey('1')).toBe('*')
  })
})

describe('ProfileInputSchema', () => {
  it('fills the metadata defaults and leaves omitted secrets absent', () => {
    const { appSecret: _secret, ...update } = { ...base, id: crypto.randomUUID() }
    const parsed = ProfileInputSchema.parse(update)
    expect(parsed).toEqual({ ...update, signMethod: 'hmac-sha256', simplify: false, defaults: {} })
    expect(parsed).not.toHaveProperty('appSecret')
    expect(parsed).not.toHaveProperty('sessionKey')
  })

  it('trims names and counts characters, not bytes', () => {
    expect(ProfileInputSchema.parse({ ...base, name: '  总店  ' }).name).toBe('总店')
    expect(ProfileNameSchema.safeParse('店'.repeat(40)).success).toBe(true)
    expect(issuesOf({ ...base, name: '店'.repeat(41) })).toEqual(['name: too_big'])
    expect(issuesOf({ ...base, name: '   ' })).toEqual(['name: too_small'])
  })

  it('accepts only letters and digits in the app key', () => {
    expect(issuesOf({ ...base, appKey: '1234-5678' })).toEqual(['appKey: invalid_format'])
    expect(issuesOf({ ...base, appKey: 'a'.repeat(33) })).toEqual(['appKey: invalid_format'])
    expect(ProfileInputSchema.parse({ ...base, appKey: ' 12345678 ' }).appKey).toBe('12345678')
  })

  it('requires an app key on create but not on update', () => {
    const { appKey: _, ...withoutKey } = base
    expect(issuesOf(withoutKey)).toEqual(['appKey: vault.appKeyRequired'])
    expect(issuesOf({ ...withoutKey, id: crypto.randomUUID() })).toEqual([])
  })

  it('takes only http(s) gateway URLs, and requires one for a sandbox profile', () => {
    expect(ProfileInputSchema.parse({ ...base, gatewayUrl: ' https://gw.api.taobao.com/router/rest ' }).gatewayUrl).toBe(
      'https://gw.api.taobao.com/router/rest',
    )
    expect(issuesOf({ ...base, gatewayUrl: 'ftp://gw.api.taobao.com' })).toEqual(['gatewayUrl: invalid_format'])
    expect(issuesOf({ ...base, gatewayUrl: 'gw.api.taobao.com' })).toEqual(['gatewayUrl: invalid_format'])
    expect(issuesOf({ ...base, kind: 'sandbox' })).toEqual(['gatewayUrl: vault.gatewayRequired'])
    expect(issuesOf({ ...base, kind: 'sandbox', gatewayUrl: 'https://gw.api.tbsandbox.com/router/rest' })).toEqual([])
  })

  it('refuses empty secrets: clearing is explicit', () => {
    expect(issuesOf({ ...base, appSecret: '' })).toEqual(['appSecret: too_small'])
    expect(issuesOf({ ...base, sessionKey: '   ' })).toEqual(['sessionKey: too_small'])
    expect(issuesOf({ ...base, clearSessionKey: false })).toEqual(['clearSessionKey: invalid_value'])
    expect(issuesOf({ ...base, sessionKey: 'abc', clearSessionKey: true })).toEqual(['sessionKey: vault.sessionKeyConflict'])
    expect(ProfileInputSchema.parse({ ...base, appSecret: ' s3cret\n' }).appSecret).toBe('s3cret')
  })

  it('refuses secrets with inner whitespace or non-ASCII characters', () => {
    expect(issuesOf({ ...base, appSecret: 'abc def' })).toEqual(['appSecret: invalid_format'])
    expect(issuesOf({ ...base, sessionKey: '密钥' })).toEqual(['sessionKey: invalid_format'])
  })

  it('rejects unknown fields, so a misspelt secret is not silently "kept"', () => {
    expect(issuesOf({ ...base, sessionkey: 'abc' })).toEqual([': unrecognized_keys'])
  })

  it('treats emptied default fields as absent', () => {
    const parsed = ProfileInputSchema.parse({ ...base, defaults: { shopId: ' 1001 ', operatorName: '' } })
    expect(parsed.defaults).toEqual({ shopId: '1001' })
    expect(JSON.stringify(parsed.defaults)).toBe('{"shopId":"1001"}')
  })

  it('a new production profile needs its app secret', () => {
    const { appSecret: _secret, ...noSecret } = base
    expect(issuesOf(noSecret)).toEqual(['appSecret: vault.productionNeedsSecret'])
    expect(issuesOf({ ...noSecret, id: crypto.randomUUID() })).toEqual([])
  })

  it("a production gateway is https on one of TOP's hosts, or a custom gateway confirmed with the secret", () => {
    for (const host of ['gw.api.taobao.com', 'eco.taobao.com', 'api.taobao.com', 'gw.api.tbsandbox.com']) {
      expect(issuesOf({ ...base, gatewayUrl: `https://${host}/router/rest` })).toEqual([])
    }
    expect(issuesOf({ ...base, gatewayUrl: 'http://gw.api.taobao.com/router/rest' })).toEqual(['gatewayUrl: vault.gatewayHttpsRequired'])
    expect(issuesOf({ ...base, gatewayUrl: 'http://127.0.0.1:8830/router/rest' })).toEqual(['gatewayUrl: vault.gatewayHttpsRequired'])
    expect(issuesOf({ ...base, gatewayUrl: 'https://gw.api.taobao.com.evil.example/router/rest' })).toEqual([
      'gatewayUrl: vault.gatewayNotTop',
    ])
    expect(issuesOf({ ...base, gatewayUrl: 'https://gw.api.taobao.com:8443/router/rest' })).toEqual(['gatewayUrl: vault.gatewayNotTop'])
    expect(issuesOf({ ...base, gatewayUrl: 'https://top-proxy.corp.example/router/rest', customGateway: true })).toEqual([])
    const { appSecret: _secret, ...update } = { ...base, id: crypto.randomUUID() }
    expect(issuesOf({ ...update, gatewayUrl: 'https://top-proxy.corp.example/router/rest', customGateway: true })).toEqual([
      'appSecret: vault.customGatewayNeedsSecret',
    ])
    expect(issuesOf({ ...update, gatewayUrl: 'http://top-proxy.corp.example/router/rest', customGateway: true })).toEqual([
      'gatewayUrl: vault.gatewayHttpsRequired',
    ])
    // A training profile of the user's own may be anywhere (it holds no production secrets to lose).
    expect(issuesOf({ ...base, kind: 'sandbox', gatewayUrl: 'http://127.0.0.1:8830/router/rest' })).toEqual([])
  })

  it('never quotes a rejected secret in its error', () => {
    const result = ProfileInputSchema.safeParse({ ...base, appSecret: 'has space-SECRET' })
    expect(result.success).toBe(false)
    expect(JSON.stringify(result.error)).not.toContain('SECRET')
    expect(result.error?.message).not.toContain('SECRET')
  })
})
