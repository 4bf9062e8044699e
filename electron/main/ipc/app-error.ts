import type { IpcError, IpcErrorCode } from '@contract/ipc/envelope'
import { isTopFailure, topIpcError } from './top-error'

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

/** Errors from other layers (the vault) can join in by carrying their own conversion. */
export interface ConvertibleToIpcError {
  toIpcError(): IpcError
}

export function isConvertible(err: unknown): err is ConvertibleToIpcError {
  return typeof err === 'object' && err !== null && typeof (err as ConvertibleToIpcError).toIpcError === 'function'
}

/**
 * The envelope of an error raised on purpose: an `AppError`, a vault error, or a TOP failure
 * (converted here, since the TOP client knows nothing of IPC). Undefined for anything else,
 * which is a bug.
 */
export function knownIpcError(err: unknown): IpcError | undefined {
  if (isTopFailure(err)) return topIpcError(err)
  if (isConvertible(err)) return err.toIpcError()
  return undefined
}
