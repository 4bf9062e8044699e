import type {
  VoucherCommonResult,
  VoucherStatus,
  VoucherStatusChangeOpenReq,
} from '../../contract/api/voucher'
import type { VoucherStatusActionCode } from '../../contract/api/enums'
import { DEMO_VOUCHERS, type DemoVoucher } from './demo-data'
import { ReplayCache } from './replay-cache'

/**
 * The sandbox's voucher ledger: what `alibaba.alsc.crm.voucher.status.change` acts on.
 *
 *   NORMAL ──NORMAL_ISUSED──▶ ISUSED ──ISUSED_NORMAL──▶ REVERSED   (+ a new NORMAL voucher)
 *
 * A reversal never turns the used voucher back: it retires it and reissues a fresh voucher for
 * the same customer, whose id the answer carries ("反核销回补ID"). REVERSED is final.
 */
export type VoucherState = 'NORMAL' | 'ISUSED' | 'REVERSED'

export interface Voucher {
  readonly voucherId: string
  readonly customerId: string
  readonly state: VoucherState
  /** Set on a REVERSED voucher: the id issued in its place. */
  readonly reissuedAs?: string
  /** Set on a reissued voucher: the one it replaces. */
  readonly reissuedFrom?: string
}

/** Per-voucher result codes. '0' is success, as in the doc's example. */
export const VOUCHER_RESULT = {
  REDEEMED: { code: '0', desc: '使用成功', view: '使用成功' },
  REVERSED: { code: '0', desc: '反核销成功', view: '反核销成功，已补发新券' },
  NOT_FOUND: { code: 'VOUCHER_NOT_FOUND', desc: '优惠券不存在', view: '券码无效，请核对后重试' },
  ALREADY_USED: { code: 'VOUCHER_ALREADY_USED', desc: '优惠券已使用', view: '该券已核销，不能重复使用' },
  CUSTOMER_MISMATCH: { code: 'VOUCHER_CUSTOMER_MISMATCH', desc: '优惠券不属于该顾客', view: '该券不属于当前顾客' },
  ALREADY_REVERSED: {
    code: 'VOUCHER_ALREADY_REVERSED',
    desc: '优惠券已反核销作废',
    view: '该券已作废（反核销后已补发新券）',
  },
  NOT_USED: { code: 'VOUCHER_NOT_USED', desc: '优惠券未使用，不能反核销', view: '该券尚未核销，无需反核销' },
} as const
type VoucherResult = (typeof VOUCHER_RESULT)[keyof typeof VOUCHER_RESULT]

/** Call-level summary on the common result; each voucher also carries its own. */
const CALL_RESULT = {
  ALL_DONE: { code: '0', desc: '处理成功' },
  PARTIAL: { code: 'PARTIAL_FAILURE', desc: '部分优惠券处理失败' },
  NONE_DONE: { code: 'ALL_FAILED', desc: '优惠券均处理失败' },
} as const

export interface AppliedAction {
  readonly seq: number
  readonly requestId: string
  readonly voucherId: string
  readonly action: VoucherStatusActionCode
  readonly resultCode: string
  /** For a successful reversal: the reissued voucher. */
  readonly newVoucherId?: string
  /** The request's points for this voucher, if any. */
  readonly points?: string
}

export type LedgerOutcome =
  | { kind: 'done'; result: VoucherCommonResult; replayed: boolean }
  | { kind: 'conflict' }

/** Reissued ids continue the demo numbering in their own range. */
const FIRST_REISSUED_ID = 880000100001n

export interface VoucherLedgerOptions {
  /**
   * true (the default): a repeated `request_id` gets the first answer back and changes nothing,
   * as a server honouring the idempotency key would. false: every request is processed as new,
   * as a server that ignores the key would, so a retry of a redemption that went through is
   * answered "already used". Public docs do not say which one TOP is; the client must survive both.
   */
  deduplicateRequestIds?: boolean
}

export class VoucherLedger {
  readonly #vouchers = new Map<string, Voucher>()
  readonly #log: AppliedAction[] = []
  readonly #replays = new ReplayCache<VoucherCommonResult>()
  #nextId = FIRST_REISSUED_ID
  /** See `VoucherLedgerOptions`; tests and the control API switch it at run time. */
  deduplicateRequestIds: boolean

  constructor(seed: readonly DemoVoucher[] = DEMO_VOUCHERS, options: VoucherLedgerOptions = {}) {
    for (const v of seed) this.#put({ voucherId: v.voucherId, customerId: v.customerId, state: v.initialState })
    this.deduplicateRequestIds = options.deduplicateRequestIds ?? true
  }

  /**
   * Applies a validated request once per `request_id` (repeats get the first answer back), or,
   * with deduplication off, every time it comes.
   */
  change(req: VoucherStatusChangeOpenReq): LedgerOutcome {
    if (this.deduplicateRequestIds) {
      const seen = this.#replays.lookup(req.request_id, req)
      if (seen.kind === 'replay') return { kind: 'done', result: seen.response, replayed: true }
      if (seen.kind === 'conflict') return { kind: 'conflict' }
    }

    const statuses = req.voucher_id_list.map((voucherId, index) => {
      const outcome = this.#act(req.voucher_status_action, voucherId, req.customer_id)
      this.#log.push({
        seq: this.#log.length + 1,
        requestId: req.request_id,
        voucherId,
        action: req.voucher_status_action,
        resultCode: outcome.result.code,
        ...(outcome.newVoucherId !== undefined ? { newVoucherId: outcome.newVoucherId } : {}),
        ...(req.voucher_point_list?.[index] !== undefined ? { points: req.voucher_point_list[index] } : {}),
      })
      return voucherStatus(outcome.newVoucherId ?? voucherId, outcome.result)
    })
    const result = commonResult(statuses)
    this.#replays.remember(req.request_id, req, result)
    return { kind: 'done', result, replayed: false }
  }

  get(voucherId: string): Voucher | undefined {
    return this.#vouchers.get(voucherId)
  }

  all(): Voucher[] {
    return [...this.#vouchers.values()]
  }

  /**
   * Every voucher action processed, failed ones included, in order; replayed requests add nothing
   * (without deduplication each repeat is processed, and logged, again).
   */
  get log(): readonly AppliedAction[] {
    return this.#log
  }

  /** How many times `action` was applied to the voucher successfully: exactly-once checks. */
  actionCount(voucherId: string, action: VoucherStatusActionCode): number {
    return this.#log.filter((a) => a.voucherId === voucherId && a.action === action && a.resultCode === '0').length
  }

  #act(
    action: VoucherStatusActionCode,
    voucherId: string,
    customerId: string,
  ): { result: VoucherResult; newVoucherId?: string } {
    const voucher = this.#vouchers.get(voucherId)
    if (!voucher) return { result: VOUCHER_RESULT.NOT_FOUND }
    if (voucher.customerId !== customerId) return { result: VOUCHER_RESULT.CUSTOMER_MISMATCH }
    if (voucher.state === 'REVERSED') return { result: VOUCHER_RESULT.ALREADY_REVERSED }

    if (action === 'NORMAL_ISUSED') {
      if (voucher.state === 'ISUSED') return { result: VOUCHER_RESULT.ALREADY_USED }
      this.#put({ ...voucher, state: 'ISUSED' })
      return { result: VOUCHER_RESULT.REDEEMED }
    }

    if (voucher.state !== 'ISUSED') return { result: VOUCHER_RESULT.NOT_USED }
    const newVoucherId = (this.#nextId++).toString()
    this.#put({ ...voucher, state: 'REVERSED', reissuedAs: newVoucherId })
    this.#put({ voucherId: newVoucherId, customerId: voucher.customerId, state: 'NORMAL', reissuedFrom: voucherId })
    return { result: VOUCHER_RESULT.REVERSED, newVoucherId }
  }

  #put(voucher: Voucher): void {
    this.#vouchers.set(voucher.voucherId, voucher)
  }
}

function voucherStatus(voucherId: string, result: VoucherResult): VoucherStatus {
  return {
    is_success: result.code === '0',
    voucher_id: voucherId,
    result_code: result.code,
    result_desc: result.desc,
    result_view: result.view,
  }
}

/** biz_success means "processed": partial success is an ordinary answer. */
function commonResult(statuses: VoucherStatus[]): VoucherCommonResult {
  const succeeded = statuses.filter((s) => s.is_success).length
  const summary =
    succeeded === statuses.length ? CALL_RESULT.ALL_DONE : succeeded === 0 ? CALL_RESULT.NONE_DONE : CALL_RESULT.PARTIAL
  return {
    biz_success: true,
    result: { voucher_status_list: statuses },
    result_code: summary.code,
    result_desc: summary.desc,
    result_view: summary.desc,
  }
}
