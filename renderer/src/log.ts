import type { App } from 'vue'
import { RENDERER_LOG_MAX_CHARS, type RendererLogLine } from '@contract/ipc/channels/support'
import { useApi } from './api'

/** Renders what the window wants to log as one line: errors with their stack, objects as JSON. */
function render(parts: readonly unknown[]): string {
  return parts
    .map((part) => {
      if (part instanceof Error) return part.stack ?? `${part.name}: ${part.message}`
      if (typeof part === 'string') return part
      try {
        return JSON.stringify(part)
      } catch {
        return String(part)
      }
    })
    .join(' ')
}

/**
 * Sends one line to main's renderer.log (main redacts and rate-limits it). Cut to the channel's
 * size first, so a long stack still arrives, shortened, instead of being refused. Never throws:
 * logging must not become the next error.
 */
export function logToMain(level: RendererLogLine['level'], ...parts: unknown[]): void {
  const text = render(parts) || '(empty)'
  const message = text.length > RENDERER_LOG_MAX_CHARS ? `${text.slice(0, RENDERER_LOG_MAX_CHARS - 1)}…` : text
  try {
    useApi()
      .logWrite({ level, message })
      .catch(() => undefined)
  } catch {
    // No API (a test page without the preload): nothing to log to.
  }
}

/** Vue's errors and whatever escapes to the window end up in renderer.log. */
export function installErrorLogging(app: App, target: Pick<Window, 'addEventListener'> = window): void {
  app.config.errorHandler = (error, _instance, info) => logToMain('error', `vue (${info}):`, error)
  target.addEventListener('error', (event) => logToMain('error', 'window error:', event.error ?? event.message))
  target.addEventListener('unhandledrejection', (event) => logToMain('error', 'unhandled rejection:', event.reason))
}
