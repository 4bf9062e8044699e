import type { IpcError } from '@contract/ipc/envelope'
import type { EventName, EventPayload, EventRegistry } from '@contract/ipc/events'
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
 * The event schemas are loaded apart from the first screen: building every channel's zod schema
 * was about a quarter of the start-up script time at 4× CPU throttling (bench: start.*). They are
 * fetched when the first listener subscribes, in idle time, so they are there before anything is
 * pushed; a payload that comes sooner waits for them, and payloads keep their order.
 */
let registry: EventRegistry | undefined
let loading: Promise<EventRegistry> | undefined
const loadRegistry = (): Promise<EventRegistry> => (loading ??= import('@contract/ipc/events').then((m) => (registry = m.eventRegistry)))
let queue: Promise<unknown> = Promise.resolve()
let pending = 0

function warmRegistry(): void {
  if (loading) return
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void loadRegistry())
  else void loadRegistry()
}

/**
 * The renderer's check of what main pushed: a payload that does not fit its schema is dropped
 * (and said in the console), never handed to a store.
 */
function parsedListener<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (payload: unknown) => void {
  const deliver = (schemas: EventRegistry, payload: unknown): void => {
    const parsed = schemas[event].safeParse(payload)
    if (parsed.success) listener(parsed.data as EventPayload<E>)
    else console.warn(`[events] ${event}: payload dropped`, parsed.error.issues)
  }
  warmRegistry()
  return (payload) => {
    // Loaded and nothing waiting: at once, as before. Otherwise behind what is already waiting.
    if (registry && pending === 0) return deliver(registry, payload)
    pending++
    queue = queue
      .then(loadRegistry)
      .then((schemas) => deliver(schemas, payload))
      .catch((error: unknown) => console.warn(`[events] ${event}: payload dropped`, error))
      .finally(() => pending--)
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
