import { eventRegistry, type EventInput, type EventName, type EventPayload } from '@contract/ipc/events'

/**
 * What a service holds to tell the window something changed. The payload may be given as a
 * function: it is then only computed when someone listens (reading the whole outbox after every
 * write would cost the tests and tools that run the services without a window).
 */
export interface EventPublisher {
  emit<E extends EventName>(event: E, payload: EventInput<E> | (() => EventInput<E>)): void
}

/** Where parsed events go: the app window (webContents.send) or the browser bridge's stream. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface EventHub extends EventPublisher {
  /** Adds a sink; returns its removal. */
  subscribe(sink: EventSink): () => void
}

/**
 * Main's side of the pushed events, with no Electron in it (the app and the browser-test host
 * both use it). Every payload is parsed against its schema before any sink sees it: one that does
 * not fit is a bug in main, reported and not sent, so the renderer never gets a shape it was not
 * promised. With no sink (no window yet) nothing is parsed.
 */
export function createEventHub(options: { onInvalid?: (event: EventName, error: unknown) => void } = {}): EventHub {
  const sinks = new Set<EventSink>()
  return {
    emit(event, payload) {
      if (sinks.size === 0) return
      let value: unknown
      try {
        value = typeof payload === 'function' ? payload() : payload
      } catch (error) {
        options.onInvalid?.(event, error)
        return
      }
      const parsed = eventRegistry[event].safeParse(value)
      if (!parsed.success) {
        options.onInvalid?.(event, parsed.error)
        return
      }
      for (const sink of sinks) {
        try {
          sink(event, parsed.data as EventPayload<typeof event>)
        } catch (error) {
          // A window closing under a send must not stop the others, nor the service that emitted.
          options.onInvalid?.(event, error)
        }
      }
    },
    subscribe(sink) {
      sinks.add(sink)
      return () => void sinks.delete(sink)
    },
  }
}

/** For services built without a window to tell (unit tests): drops everything. */
export const noEvents: EventPublisher = { emit: () => undefined }
