import type { z } from 'zod'
import type { Envelope } from './envelope'
import { methodName, type MethodName } from './method-name'
import { appChannels } from './channels/app'
import { profileChannels } from './channels/profiles'
import { redemptionChannels } from './channels/redemption'
import { supportChannels } from './channels/support'
import { updateChannels } from './channels/updates'
import { shiftChannels } from './channels/shift'
import { templateChannels } from './channels/templates'

/**
 * The one list of everything the renderer may ask of main. Main registers a handler for each key,
 * the preload exposes a method for each key, and the browser bridge serves each key: all three are
 * generated from this object, so a channel cannot exist on one side only.
 */
export const registry = {
  ...appChannels,
  ...profileChannels,
  ...redemptionChannels,
  ...shiftChannels,
  ...templateChannels,
  ...supportChannels,
  ...updateChannels,
}

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

type Method<C extends Channel> = undefined extends ChannelInput<C>
  ? (input?: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>
  : (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>

/** The object the preload puts on `window.couponDesk`. */
export type CouponDeskApi = { readonly [C in Channel as MethodName<C>]: Method<C> }

/** The global name of that object. */
export const API_GLOBAL = 'couponDesk'

/** Channel name for each window method; the preload and the browser bridge both build from this. */
export const METHOD_TO_CHANNEL: Readonly<Record<string, Channel>> = Object.fromEntries(
  CHANNELS.map((c) => [methodName(c), c]),
)
