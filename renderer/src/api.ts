import type { IpcError } from '@contract/ipc/envelope'
import { eventRegistry, type EventName, type EventPayload } from '@contract/ipc/events'
import type { CouponDeskApi } from '@contract/ipc/registry'

/** A failed call to main, carrying the translatable error it answered with. */
export class ApiError extends Error {
  constructor(readonly error: IpcError) {
    super(error.key)
    this.name = 'ApiError'
  }
}

type Unwrapped<F> = F extends (...args: infer A) => Promise<{ ok: true; value: infer V } | { ok: false; error: IpcError }>
  ? (...args: A) => Promise<V>
  : never

/** Listens to one event main pushes, its payload parsed; returns the unsubscribe. */
export type On = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void

/**
 * `window.couponDesk` with each reply unwrapped (resolves with the value, rejects with an
 * ApiError) and `on` handing listeners parsed payloads only.
 */
export type Api = { readonly [K in Exclude<keyof CouponDeskApi, 'on'>]: Unwrapped<CouponDeskApi[K]> } & { readonly on: On }

/**
 * The renderer's check of what main pushed: a payload that does not fit its schema is dropped
 * (and said in the console), never handed to a store.
 */
function parsedListener<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (payload: unknown) => void {
  return (payload) => {
    const parsed = eventRegistry[event].safeParse(payload)
    if (parsed.success) listener(parsed.data as EventPayload<E>)
    else console.warn(`[events] ${event}: payload dropped`, parsed.error.issues)
  }
}

export function unwrapApi(raw: CouponDeskApi): Api {
  const on: On = (event, listener) => raw.on(event, parsedListener(event, listener))
  return new Proxy({} as Api, {
    get(_target, method: string) {
      if (method === 'on') return on
      const call = (raw as unknown as Record<string, (p?: unknown) => Promise<unknown>>)[method]
      if (!call) throw new Error(`No such API method: ${method}`)
      return async (payload?: unknown) => {
        const reply = (await call(payload)) as { ok: true; value: unknown } | { ok: false; error: IpcError }
        if (reply.ok) return reply.value
        throw new ApiError(reply.error)
      }
    },
  })
}

let current: Api | undefined
/** The app's API. Tests install a fake with `setApi`. */
export function useApi(): Api {
  current ??= unwrapApi(window.couponDesk)
  return current
}
export function setApi(api: Api | CouponDeskApi, raw = true): void {
  current = raw ? unwrapApi(api as CouponDeskApi) : (api as Api)
}
