import type { IpcError } from '@contract/ipc/envelope'

/** Errors of the lower layers, turned into what the renderer can translate. Filled in as layers land. */
export function toIpcErrorFromKnown(_error: unknown): IpcError | undefined {
  return undefined
}
