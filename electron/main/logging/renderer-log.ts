import type { Log } from './logs'

export interface RateLimit {
  /** Lines accepted at once after a quiet spell. */
  burst: number
  /** Lines per second after that. */
  perSecond: number
}

/** A window in an error loop must not fill the disk or starve main: 50 at once, then 5 a second. */
export const RENDERER_LOG_LIMIT: RateLimit = { burst: 50, perSecond: 5 }

export interface RendererLine {
  level: 'error' | 'warn' | 'info'
  message: string
}

/**
 * The main side of the `log.write` channel: the line (already parsed and size-capped by the
 * channel's schema) goes to renderer.log through the same redaction as main's own lines, within
 * a token bucket. Lines over the limit are counted, not queued, and the count is written with the
 * next line that gets through, so a flood shows up in the file as one line saying so.
 */
export function createRendererLogSink(log: Log, limit: RateLimit = RENDERER_LOG_LIMIT, now: () => number = Date.now) {
  let tokens = limit.burst
  let last = now()
  let dropped = 0

  return function write(line: RendererLine): { accepted: boolean } {
    const at = now()
    tokens = Math.min(limit.burst, tokens + ((at - last) / 1000) * limit.perSecond)
    last = at
    if (tokens < 1) {
      dropped += 1
      return { accepted: false }
    }
    tokens -= 1
    if (dropped > 0) {
      log.warn(`${dropped} renderer log line(s) dropped: over ${limit.perSecond}/s`)
      dropped = 0
    }
    log[line.level](line.message)
    return { accepted: true }
  }
}
