import { describe, expect, it } from 'vitest'
import { isTrustedSender } from '@main/ipc/sender'

const origins = ['app://coupon-desk']
const good = { frameUrl: 'app://coupon-desk/index.html#/redeem', isMainFrame: true, isAppWindow: true }

describe('isTrustedSender', () => {
  it('accepts the app main frame on the app origin', () => {
    expect(isTrustedSender(good, origins)).toBe(true)
  })
  it.each([
    ['a sub-frame', { ...good, isMainFrame: false }],
    ['a window the app did not create', { ...good, isAppWindow: false }],
    ['a remote page', { ...good, frameUrl: 'https://evil.example/index.html' }],
    ['a file page', { ...good, frameUrl: 'file:///etc/passwd' }],
    ['a look-alike host', { ...good, frameUrl: 'app://coupon-desk.evil/index.html' }],
    ['a destroyed frame', { ...good, frameUrl: undefined }],
    ['garbage', { ...good, frameUrl: 'not a url' }],
  ])('rejects %s', (_name, facts) => {
    expect(isTrustedSender(facts, origins)).toBe(false)
  })
})
