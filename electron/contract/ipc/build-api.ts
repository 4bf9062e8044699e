import { METHOD_TO_CHANNEL, type CouponDeskApi } from './registry'

/** Sends one call to main, however the transport does it (ipcRenderer in the app, HTTP in browser tests). */
export type Invoke = (channel: string, payload: unknown) => Promise<unknown>

/** The window API: one method per channel and nothing else, frozen so the page cannot extend it. */
export function buildApi(invoke: Invoke): CouponDeskApi {
  const api: Record<string, (payload?: unknown) => Promise<unknown>> = {}
  for (const [method, channel] of Object.entries(METHOD_TO_CHANNEL)) {
    api[method] = (payload?: unknown) => invoke(channel, payload)
  }
  return Object.freeze(api) as unknown as CouponDeskApi
}
