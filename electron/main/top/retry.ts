import { TopError, TopTransportError } from './errors'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Wait before the second attempt; doubles for each one after. */
  backoffMs: number
  /** A code-7 ban longer than this is reported instead of waited out. */
  maxBanWaitSeconds: number
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number }

const STOP: RetryDecision = { retry: false }

/**
 * Whether the failed attempt number `attempt` is worth repeating, and after how long. Only
 * failures that the same request can outlive are retried: the network, the platform's own
 * faults (`isp.*`) and a rate-limit ban. A wrong signature, clock, session or parameter would
 * fail identically, so those stop at once.
 */
export function nextRetry(error: unknown, attempt: number, policy: RetryPolicy): RetryDecision {
  if (attempt >= policy.maxAttempts) return STOP
  const backoff = { retry: true, delayMs: policy.backoffMs * 2 ** (attempt - 1) } as const
  if (error instanceof TopTransportError) return error.retryable ? backoff : STOP
  if (!(error instanceof TopError)) return STOP
  switch (error.retryClass) {
    case 'server':
      return backoff
    case 'ban':
      return error.banSeconds !== undefined && error.banSeconds <= policy.maxBanWaitSeconds
        ? { retry: true, delayMs: error.banSeconds * 1000 }
        : STOP
    default:
      return STOP
  }
}
