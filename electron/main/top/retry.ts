import { TopError, TopTransportError } from './errors'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Wait before the second attempt; doubles for each one after. */
  backoffMs: number
  /**
   * A rate-limit ban (codes 4–8) longer than this is reported instead of waited out: a cashier at the counter
   * should not stare at a spinner. The error carries `banSeconds` / `retryAfter` so a caller
   * that can wait (the template outbox) reschedules by them.
   */
  maxBanWaitSeconds: number
}

/** What earlier attempts of the same call already did. */
export interface RetryHistory {
  /** Code-7 bans without a length that were already waited out once. */
  untimedBanWaits: number
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number }

const STOP: RetryDecision = { retry: false }

/**
 * How long to wait, once, on a rate-limit ban (codes 4–8) whose length the gateway did not state. Inferred, not
 * documented: TOP counts calls per window, and the windows a counter can hit by itself are the
 * short ones (calls per second or per minute: a burst of scans); a long ban (a daily quota) is
 * not solved by waiting at the counter at all. A few seconds rides out a per-second window and
 * costs the cashier little; a second untimed ban means the window is longer, so the call stops
 * and is reported. Never more than `maxBanWaitSeconds`.
 */
export const UNTIMED_BAN_WAIT_SECONDS = 5

/**
 * Whether the failed attempt number `attempt` is worth repeating, and after how long. Only
 * failures that the same request can outlive are retried: the network, the platform's own
 * faults (`isp.*`) and a rate-limit ban. A wrong signature, clock, session or parameter would
 * fail identically, so those stop at once.
 */
export function nextRetry(
  error: unknown,
  attempt: number,
  policy: RetryPolicy,
  history: RetryHistory = { untimedBanWaits: 0 },
): RetryDecision {
  if (attempt >= policy.maxAttempts) return STOP
  const backoff = { retry: true, delayMs: policy.backoffMs * 2 ** (attempt - 1) } as const
  if (error instanceof TopTransportError) return error.retryable ? backoff : STOP
  if (!(error instanceof TopError)) return STOP
  // Code 15 with an `isp.*` sub-code is classed `server` and retried like code 50 with `isp.*`;
  // without one it is the caller's error and stops below.
  switch (error.retryClass) {
    case 'server':
      return backoff
    case 'ban':
      return banWait(error, policy, history)
    default:
      return STOP
  }
}

function banWait(error: TopError, policy: RetryPolicy, history: RetryHistory): RetryDecision {
  if (error.banSeconds !== undefined) {
    return error.banSeconds <= policy.maxBanWaitSeconds ? { retry: true, delayMs: error.banSeconds * 1000 } : STOP
  }
  const seconds = Math.min(UNTIMED_BAN_WAIT_SECONDS, policy.maxBanWaitSeconds)
  return history.untimedBanWaits === 0 && seconds > 0 ? { retry: true, delayMs: seconds * 1000 } : STOP
}

/** Whether `error` is a rate-limit ban of unstated length: the client waits those out only once. */
export function isUntimedBan(error: unknown): boolean {
  return error instanceof TopError && error.retryClass === 'ban' && error.banSeconds === undefined
}
