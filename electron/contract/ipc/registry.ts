import type { z } from 'zod'
import type { Envelope } from './envelope'
import type { EventName, EventPayload } from './events'
import { type ChannelName, type MethodName, type SameNames } from './names'
import { appChannels } from './channels/app'
import { profileChannels } from './channels/profiles'
import { redemptionChannels } from './channels/redemption'
import { supportChannels } from './channels/support'
import { shiftChannels } from './channels/shift'
import { slipChannels } from './channels/slips'
import { updateChannels } from './channels/updates'
import { templateChannels } from './channels/templates'

/**
 * The one list of everything the renderer may ask of main. Main registers a handler for each key,
 * the preload exposes a method for each key, and the browser bridge serves each key: all three are
 * generated from this object (the preload and the bridge through its plain list of names,
 * `CHANNEL_NAMES`), so a channel cannot exist on one side only.
 */
export const registry = {
  ...appChannels,
  ...profileChannels,
  ...redemptionChannels,
  ...shiftChannels,
  ...slipChannels,
  ...templateChannels,
  ...supportChannels,
  ...updateChannels,
}

// Fails to compile when this registry and CHANNEL_NAMES (names.ts) list different channels.
const sameChannels: SameNames<keyof typeof registry, ChannelName> = true
void sameChannels

export type Registry = typeof registry
export type Channel = keyof Registry
/** What the renderer sends (before parsing: defaults may still be missing). */
export type ChannelInput<C extends Channel> = z.input<Registry[C]['input']>
/** What a handler receives (after parsing). */
export type ParsedInput<C extends Channel> = z.output<Registry[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Registry[C]['output']>

export const CHANNELS = Object.keys(registry) as Channel[]

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(registry, name)
}

type Method<C extends Channel> =
  undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>

/**
 * Subscribes to one event main pushes; returns the unsubscribe. The preload relays what main
 * sent (main validated it); the renderer's `useApi().on` parses it again before a listener sees it.
 */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void

/** The object the preload puts on `window.couponDesk`: one method per channel, and `on`. */
export type CouponDeskApi = { readonly [C in Channel as MethodName<C>]: Method<C> } & { readonly on: Subscribe }

export type { EventName, EventPayload }
export { API_GLOBAL, METHOD_TO_CHANNEL } from './names'
