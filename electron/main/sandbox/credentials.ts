/**
 * The sandbox gateway's fixed training credentials. They are public on purpose: the sandbox runs
 * on 127.0.0.1 only, holds demo data only, and cashiers type these into Settings during
 * training. They grant nothing on the real Taobao Open Platform.
 */
export interface SandboxCredentials {
  appKey: string
  appSecret: string
  sessionKey: string
}

export const SANDBOX_CREDENTIALS: Readonly<SandboxCredentials> = Object.freeze({
  appKey: '10000001',
  appSecret: 'coupon-desk-sandbox-secret',
  sessionKey: 'coupon-desk-sandbox-session',
})

/** The port `npm run sandbox` uses when none is given. */
export const SANDBOX_DEFAULT_PORT = 8830
