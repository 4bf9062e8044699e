import type { z } from 'zod'
import { profileEvents } from './channels/profiles'
import { redemptionEvents } from './channels/redemption'
import { templateEvents } from './channels/templates'
import type { EventName, SameNames } from './names'

/**
 * Everything main pushes to the window, each with the zod schema of its payload. Main parses a
 * payload before sending it and the renderer parses it again on receipt, as both sides do for
 * calls; the preload only relays the names listed in `names.ts`.
 */
export const eventRegistry = {
  ...redemptionEvents,
  ...templateEvents,
  ...profileEvents,
}

// Fails to compile when this registry and EVENT_NAMES (names.ts) list different events.
const sameEvents: SameNames<keyof typeof eventRegistry, EventName> = true
void sameEvents

export type EventRegistry = typeof eventRegistry
export type { EventName }
/** What main hands to `emit` (before parsing). */
export type EventInput<E extends EventName> = z.input<EventRegistry[E]>
/** What a renderer listener receives (after parsing). */
export type EventPayload<E extends EventName> = z.output<EventRegistry[E]>
