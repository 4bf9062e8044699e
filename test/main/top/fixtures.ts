import { expect } from 'vitest'
import type { VoucherStatusChangeOpenReq } from '@contract/api/voucher'
import { createTopClient, type TopClientConfig } from '@main/top/client'
import { fetchTransport, type FetchLike } from '@main/top/fetch-transport'
import en from '@contract/locales/en/top'
import zh from '@contract/locales/zh-CN/top'
import type { SandboxGateway } from '@main/sandbox/gateway'

/** Every leaf of a message tree as `dotted.key → text`. */
export function messageLeaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of messageLeaves(value as object, path)) out.set(k, v)
  }
  return out
}

export const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

export const ZH_MESSAGES = messageLeaves(zh)
export const EN_MESSAGES = messageLeaves(en)

/** Asserts that an error's key is translated in both languages and its params fill the text. */
export function expectTranslated(error: { messageKey: string; messageParams: Record<string, unknown> }): void {
  for (const table of [ZH_MESSAGES, EN_MESSAGES]) {
    const text = table.get(error.messageKey)
    expect(text, error.messageKey).toBeDefined()
    expect(Object.keys(error.messageParams).sort(), error.messageKey).toEqual(placeholders(text!))
  }
}

/** The text of an error's key in one language, its placeholders filled (as vue-i18n would). */
export function renderMessage(
  table: Map<string, string>,
  error: { messageKey: string; messageParams: Record<string, string | number> },
): string {
  const text = table.get(error.messageKey)
  expect(text, error.messageKey).toBeDefined()
  return text!.replace(/\{(\w+)\}/g, (_all, name: string) => String(error.messageParams[name]))
}

/**
 * A clock shared by client and gateway: `sleep` moves it instead of waiting, so backoffs and
 * bans pass instantly and deterministically.
 */
export function fakeClock(start = new Date()) {
  let ms = start.getTime()
  const sleeps: number[] = []
  return {
    now: () => new Date(ms),
    sleep: async (delayMs: number) => {
      sleeps.push(delayMs)
      ms += delayMs
    },
    sleeps,
  }
}

let requestSeq = 0
/** A valid redemption with a fresh `request_id`. */
export function redeemRequest(overrides: Partial<VoucherStatusChangeOpenReq> = {}): VoucherStatusChangeOpenReq {
  return {
    customer_id: 'C10001',
    operator_id: 'op-7',
    operator_name: '张三',
    request_id: `test-${process.pid}-${++requestSeq}`,
    source: 'POS',
    voucher_id_list: ['880000000001'],
    voucher_status_action: 'NORMAL_ISUSED',
    ...overrides,
  }
}

/**
 * A client for the sandbox with its credentials; instant backoff unless a clock is given. With
 * `fetchImpl`, requests go through that fetch (to record or alter them) instead of the default transport.
 */
export function sandboxClient(
  gateway: SandboxGateway,
  { fetchImpl, ...config }: Partial<TopClientConfig> & { fetchImpl?: FetchLike } = {},
) {
  return createTopClient({
    gatewayUrl: gateway.url,
    appKey: gateway.credentials.appKey,
    appSecret: gateway.credentials.appSecret,
    session: gateway.credentials.sessionKey,
    signMethod: 'hmac-sha256',
    sleep: async () => undefined,
    ...(fetchImpl ? { transport: fetchTransport(fetchImpl) } : {}),
    ...config,
  })
}

/** Wraps `fetch` to keep every request body sent, decoded. */
export function recordingFetch() {
  const bodies: Record<string, string>[] = []
  const fetchImpl = (input: string, init: RequestInit) => {
    bodies.push(Object.fromEntries(new URLSearchParams(init.body as string)))
    return fetch(input, init)
  }
  return { fetchImpl, bodies }
}
