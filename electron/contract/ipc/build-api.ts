import { METHOD_TO_CHANNEL, type EventName } from './names'
import type { CouponDeskApi } from './registry'

/** Sends one call to main, however the transport does it (ipcRenderer in the app, HTTP in browser tests). */
export type Invoke = (channel: string, payload: unknown) => Promise<unknown>
/** Listens to one pushed event, however it arrives; returns the unsubscribe. */
export type Listen = (event: EventName, listener: (payload: unknown) => void) => () => void

/**
 * The window API: one method per channel, `on(event, listener)` for what main pushes, and nothing
 * else, frozen so the page cannot extend it. Plain names only (no schemas): the preload stays small.
 */
export function buildApi(invoke: Invoke, listen: Listen): CouponDeskApi {
  const api: Record<string, unknown> = {}
  for (const [method, channel] of Object.entries(METHOD_TO_CHANNEL)) {
    api[method] = (payload?: unknown) => invoke(channel, payload)
  }
  api.on = listen
  return Object.freeze(api) as unknown as CouponDeskApi
}
