import type { IpcError, IpcErrorCode } from '@contract/ipc/envelope'

/**
 * An error a service raises on purpose, already in the shape the renderer can translate.
 * Anything else that reaches the router is a bug and is answered as `internal`.
 */
export class AppError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    readonly key: string,
    readonly params?: Record<string, string | number>,
    readonly extra: Pick<IpcError, 'issues' | 'top'> = {},
  ) {
    super(key)
    this.name = 'AppError'
  }

  toIpcError(): IpcError {
    return { code: this.code, key: this.key, ...(this.params ? { params: this.params } : {}), ...this.extra }
  }
}

/** Errors from other layers (TOP client, vault) can join in by carrying their own conversion. */
export interface ConvertibleToIpcError {
  toIpcError(): IpcError
}

export function isConvertible(err: unknown): err is ConvertibleToIpcError {
  return typeof err === 'object' && err !== null && typeof (err as ConvertibleToIpcError).toIpcError === 'function'
}
