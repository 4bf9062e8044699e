import type { IpcError } from '@contract/ipc/envelope'
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

/** `window.couponDesk` with each reply unwrapped: resolves with the value, rejects with an ApiError. */
export type Api = { readonly [K in keyof CouponDeskApi]: Unwrapped<CouponDeskApi[K]> }

export function unwrapApi(raw: CouponDeskApi): Api {
  return new Proxy({} as Api, {
    get(_target, method: string) {
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
