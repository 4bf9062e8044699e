import type { SandboxCredentials } from './credentials'
import { DEMO_TEMPLATE_ID, DEMO_VOUCHERS } from './demo-data'

/**
 * What `npm run sandbox` prints on start: for a person setting up a TOP client, and for a
 * script starting the sandbox (tests, benchmarks). Each fact a client needs sits on its own
 * `  <label>  <value>` line, the value a single token with no spaces, so a script reads it with
 * `readSandboxBanner` (or a one-line regex) without depending on the rest of the layout.
 */
export interface SandboxBannerInfo extends SandboxCredentials {
  /** The gateway's base URL, e.g. `http://127.0.0.1:8830`. */
  url: string
  control: boolean
}

/** The labels of the machine-readable lines, in the order printed. */
export const BANNER_LABELS = {
  gatewayUrl: 'Gateway URL',
  appKey: 'App Key',
  appSecret: 'App Secret',
  sessionKey: 'Session Key',
} as const

/** The last line: once it is out, the gateway is listening and every fact above is printed. */
export const BANNER_END = 'Ctrl+C stops.'

export function sandboxBanner(info: SandboxBannerInfo): string {
  const line = (label: string, value: string) => `  ${label.padEnd(11)}  ${value}`
  const control = info.control ? `${info.url}/__sandbox/state, POST ${info.url}/__sandbox/faults` : 'off (start with --control)'
  const vouchers = DEMO_VOUCHERS.map(
    (v) => `  ${v.voucherId}  ${v.customerId}  ${v.initialState === 'NORMAL' ? '      ' : v.initialState}  ${v.note.zh} / ${v.note.en}`,
  )
  return [
    'Coupon Desk sandbox gateway (TOP protocol) listening',
    line(BANNER_LABELS.gatewayUrl, `${info.url}/router/rest`),
    line(BANNER_LABELS.appKey, info.appKey),
    line(BANNER_LABELS.appSecret, info.appSecret),
    line(BANNER_LABELS.sessionKey, info.sessionKey),
    line('Control API', control),
    '',
    'Demo vouchers (state NORMAL unless noted):',
    ...vouchers,
    `Demo template id: ${DEMO_TEMPLATE_ID}`,
    BANNER_END,
  ].join('\n')
}

export interface SandboxBannerFacts {
  /** The full endpoint, `…/router/rest`, as a TOP SDK wants it. */
  endpoint: string
  appKey: string
  appSecret: string
  sessionKey: string
}

/** The facts of a complete banner, or undefined while it is still incomplete. */
export function readSandboxBanner(text: string): SandboxBannerFacts | undefined {
  if (!text.includes(BANNER_END)) return undefined
  const value = (label: string) => new RegExp(`^ {2}${label} +(\\S+)$`, 'm').exec(text)?.[1]
  const endpoint = value(BANNER_LABELS.gatewayUrl)
  const appKey = value(BANNER_LABELS.appKey)
  const appSecret = value(BANNER_LABELS.appSecret)
  const sessionKey = value(BANNER_LABELS.sessionKey)
  if (!endpoint || !appKey || !appSecret || !sessionKey) return undefined
  return { endpoint, appKey, appSecret, sessionKey }
}
