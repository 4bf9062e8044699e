import type { z } from 'zod'
import { toFieldIssues } from '@contract/api/issues'
import { fail, ok, type Envelope, type IpcError } from '@contract/ipc/envelope'
import { CHANNELS, isChannel, registry, type Channel, type ChannelOutput, type ParsedInput } from '@contract/ipc/registry'
import { knownIpcError } from './app-error'

export type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<z.input<(typeof registry)[C]['output']>>
export type Handlers = { [C in Channel]: Handler<C> }

export interface RouterOptions {
  /** Parse every reply against its schema too: on in development and tests, where a drift is a bug to see. */
  validateOutput: boolean
  /** Where unexpected errors are reported. It is given the error, never the payload (it may hold codes or secrets). */
  onUnexpectedError?: (channel: Channel, error: unknown) => void
}

export interface Router {
  readonly channels: readonly Channel[]
  dispatch(channel: string, payload: unknown): Promise<Envelope<unknown>>
}

/**
 * Maps a channel name and an untrusted payload to a handler, with no knowledge of Electron: the same
 * router serves `ipcMain` in the app and the loopback bridge in browser tests.
 */
export function createRouter(handlers: Handlers, options: RouterOptions): Router {
  async function run<C extends Channel>(channel: C, payload: unknown): Promise<Envelope<ChannelOutput<C>>> {
    const spec = registry[channel]
    const parsed = spec.input.safeParse(payload)
    if (!parsed.success) {
      return fail({ code: 'invalid-input', key: 'ipc.invalidInput', issues: toFieldIssues(parsed.error, payload) })
    }
    const handler = handlers[channel] as unknown as (input: unknown) => Promise<unknown>
    const value = await handler(parsed.data)
    if (!options.validateOutput) return ok(value as ChannelOutput<C>)
    const checked = spec.output.safeParse(value)
    if (!checked.success) {
      options.onUnexpectedError?.(channel, checked.error)
      return fail({ code: 'internal', key: 'ipc.invalidOutput', issues: toFieldIssues(checked.error) })
    }
    return ok(checked.data as ChannelOutput<C>)
  }

  return {
    channels: CHANNELS,
    async dispatch(channel, payload) {
      if (!isChannel(channel)) return fail({ code: 'unknown-channel', key: 'ipc.unknownChannel', params: { channel } })
      try {
        return await run(channel, payload)
      } catch (error) {
        return fail(errorToIpc(channel, error, options))
      }
    },
  }
}

function errorToIpc(channel: Channel, error: unknown, options: RouterOptions): IpcError {
  // Errors raised on purpose (AppError, TOP and vault errors) carry their own translatable form.
  const known = knownIpcError(error)
  if (known) return known
  options.onUnexpectedError?.(channel, error)
  return { code: 'internal', key: 'ipc.internal' }
}
