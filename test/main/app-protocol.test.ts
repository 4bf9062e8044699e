import { beforeEach, describe, expect, it } from 'vitest'
import { registerAppScheme, serveRenderer } from '@main/app-protocol'
import { resolveInside } from '@main/static-path'
import { CONTENT_SECURITY_POLICY } from '@main/security'
import { net, protocol, resetElectronFake } from '../support/electron-fake'

describe('app:// protocol', () => {
  beforeEach(() => resetElectronFake())

  it('registers app:// as a standard secure scheme without extra file privileges', () => {
    registerAppScheme()
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
  })

  it('keeps requests inside the renderer folder', () => {
    expect(resolveInside('/app/renderer', '/index.html')).toBe('/app/renderer/index.html')
    expect(resolveInside('/app/renderer', '/')).toBe('/app/renderer/index.html')
    expect(resolveInside('/app/renderer', '/assets/a.js')).toBe('/app/renderer/assets/a.js')
    expect(resolveInside('/app/renderer', '/../../etc/passwd')).toBeUndefined()
    expect(resolveInside('/app/renderer', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined()
    expect(resolveInside('/app/renderer', '/%E0%A4%A')).toBeUndefined()
  })

  it('serves files with the CSP and refuses other hosts and escapes', async () => {
    serveRenderer('/app/renderer')
    const handler = protocol.handlers.get('app')!
    const ok = await handler(new Request('app://coupon-desk/index.html'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(net.fetch).toHaveBeenCalledWith('file:///app/renderer/index.html')
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404)
    // Encoded slashes survive URL parsing and would climb out after decoding: refused.
    expect((await handler(new Request('app://coupon-desk/..%2f..%2fetc%2fpasswd'))).status).toBe(404)
  })
})
