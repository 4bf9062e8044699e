import type { BatchProgress, VoucherResult } from '@contract/ipc/channels/redemption'

/**
 * The one-glance verdict of a finished batch: success only when every voucher was redeemed;
 * anything refused, unsent, unconfirmed or held back is a failure the cashier must see.
 */
export interface Verdict {
  kind: 'success' | 'failure'
  redeemed: VoucherResult[]
  /** Vouchers that did not end redeemed (the reason is said per voucher). */
  problems: VoucherResult[]
  blocked: number
  /** 待核销点数 of the redeemed vouchers, where the cashier entered them. */
  points: number | null
}

export function verdictOf(batch: BatchProgress): Verdict | null {
  if (batch.status === 'running') return null
  const redeemed = batch.vouchers.filter((v) => v.outcome.state === 'redeemed')
  const problems = batch.vouchers.filter((v) => v.outcome.state !== 'redeemed')
  const withPoints = redeemed.filter((v) => v.points !== null)
  const ok = problems.length === 0 && batch.blocked.length === 0 && batch.waiting.length === 0 && redeemed.length > 0
  return {
    kind: ok ? 'success' : 'failure',
    redeemed,
    problems,
    blocked: batch.blocked.length + batch.waiting.length,
    points: withPoints.length > 0 ? withPoints.reduce((sum, v) => sum + Number(v.points), 0) : null,
  }
}
