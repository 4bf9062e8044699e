import { formatBeijingTime } from './clock'
import { DEMO_VOUCHERS, type DemoVoucher } from './demo-data'
import { ReplayCache } from './replay-cache'

/**
 * The sandbox's voucher ledger: what `alibaba.alsc.crm.voucher.status.change` acts on and
 * `alibaba.alsc.crm.customer.voucher.list` reads.
 *
 *   NORMAL ──NORMAL_ISUSED──▶ ISUSED ──ISUSED_NORMAL──▶ REVERSED   (+ a new NORMAL voucher)
 *
 * The docs say only that a reversal "reissues a new voucher" (补发一张新的优惠券), whose id the answer
 * carries (反核销回补ID); they do not say what becomes of the original. The sandbox's choice: the
 * original is retired (REVERSED, listed as DELETED, never usable again) and the reissued voucher is
 * a NORMAL voucher of the same template, amount, threshold, points and validity, created at the
 * reversal time. REVERSED is final.
 */
export type VoucherState = 'NORMAL' | 'ISUSED' | 'REVERSED'
export type VoucherAction = 'NORMAL_ISUSED' | 'ISUSED_NORMAL'
export const VOUCHER_ACTIONS: readonly VoucherAction[] = ['NORMAL_ISUSED', 'ISUSED_NORMAL']

/** The states `customer.voucher.list` knows (its metadata: "NORMAL，DELETED，ISUSED"). */
export type ListedVoucherState = 'NORMAL' | 'ISUSED' | 'DELETED'
export const LISTED_STATES: readonly ListedVoucherState[] = ['NORMAL', 'ISUSED', 'DELETED']

export function listedState(state: VoucherState): ListedVoucherState {
  return state === 'REVERSED' ? 'DELETED' : state
}

export interface VoucherTerms {
  readonly title: string
  /** Fen (assumed). */
  readonly amount: number
  /** Fen (assumed). */
  readonly startFee: number
  readonly discountRate?: string
  readonly giftPoint?: number
  readonly templateId: string
  /** GMT+8 `yyyy-MM-dd HH:mm:ss`. */
  readonly startTime: string
  readonly endTime: string
}

export interface Voucher extends VoucherTerms {
  readonly voucherId: string
  readonly customerId: string
  readonly state: VoucherState
  /** GMT+8 `yyyy-MM-dd HH:mm:ss`: seeding time, or the reversal that reissued it. */
  readonly createdAt: string
  /** Set on a REVERSED voucher: the id issued in its place. */
  readonly reissuedAs?: string
  /** Set on a reissued voucher: the one it replaces. */
  readonly reissuedFrom?: string
}

/** One status change as the gateway binds it from `param_voucher_status_change_open_req`. */
export interface StatusChangeRequest {
  readonly customerId: string
  readonly requestId: string
  readonly action: VoucherAction
  readonly voucherIds: readonly string[]
  /** 待核销点数, aligned by index with `voucherIds`. */
  readonly points?: readonly string[]
}

/**
 * Reasons, in the call-level result_code / result_desc / result_view and, for the client's sake,
 * on each voucher status as well. The codes are the sandbox's own (TOP publishes none); '0' is
 * success, as in the doc's example.
 */
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

export interface VoucherStatusReply {
  is_success: boolean
  voucher_id: string
  result_code: string
  result_desc: string
  result_view: string
}

/** `CommonResult` of `voucher.status.change`. */
export interface StatusChangeResult {
  biz_success: boolean
  result: { voucher_status_list: VoucherStatusReply[] }
  result_code: string
  result_desc: string
  result_view: string
}

export interface AppliedAction {
  readonly seq: number
  readonly requestId: string
  readonly voucherId: string
  readonly action: VoucherAction
  readonly resultCode: string
  /** For a successful reversal: the reissued voucher. */
  readonly newVoucherId?: string
  /** The request's points for this voucher, if any. */
  readonly points?: string
}

export type LedgerOutcome = { kind: 'done'; result: StatusChangeResult; replayed: boolean }

/** Reissued ids continue the demo numbering in their own range. */
const FIRST_REISSUED_ID = 880000100001n
const DAY_MS = 24 * 60 * 60 * 1000
/** The action log keeps the most recent entries only; counts of applied actions are kept whole. */
export const ACTION_LOG_LIMIT = 10_000

export interface VoucherLedgerOptions {
  /**
   * true (the default): a repeated `request_id` gets the first answer back and changes nothing, as a
   * server honouring the idempotency key would. false: every request is processed as new,
   * as a server that ignores the key would, so a retry of a redemption that went through is
   * answered "already used". TOP's docs call `request_id` only "请求ID" and do not say which it is;
   * the client must survive both, and the tests of its resend logic switch it off.
   */
  deduplicateRequestIds?: boolean
  /** The gateway's clock: creation times and validity of the seeded vouchers. */
  now?: () => Date
}

export class VoucherLedger {
  readonly #vouchers = new Map<string, Voucher>()
  readonly #log: AppliedAction[] = []
  readonly #applied = new Map<string, number>()
  readonly #replays = new ReplayCache<StatusChangeResult>()
  readonly #now: () => Date
  #seq = 0
  #nextId = FIRST_REISSUED_ID
  /** See `VoucherLedgerOptions`; tests and the control API switch it at run time. */
  deduplicateRequestIds: boolean

  constructor(seed: readonly DemoVoucher[] = DEMO_VOUCHERS, options: VoucherLedgerOptions = {}) {
    this.#now = options.now ?? (() => new Date())
    this.deduplicateRequestIds = options.deduplicateRequestIds ?? true
    const now = this.#now().getTime()
    for (const [i, v] of seed.entries()) {
      // Seeded a minute apart, oldest first, so "newest first" lists have a fixed order.
      const created = new Date(now - v.validFromDays * DAY_MS - (seed.length - i) * 60_000)
      this.#put({
        voucherId: v.voucherId,
        customerId: v.customerId,
        state: v.initialState,
        title: v.title,
        amount: v.amount,
        startFee: v.startFee,
        ...(v.discountRate !== undefined ? { discountRate: v.discountRate } : {}),
        ...(v.giftPoint !== undefined ? { giftPoint: v.giftPoint } : {}),
        templateId: v.templateId,
        createdAt: formatBeijingTime(created),
        startTime: formatBeijingTime(created),
        endTime: formatBeijingTime(new Date(now + v.validForDays * DAY_MS)),
      })
    }
  }

  /**
   * Applies a request once per `request_id` (a repeat gets the first answer back, whatever it
   * carries: the key alone identifies the request), or, with deduplication off, every time it comes.
   */
  change(req: StatusChangeRequest): LedgerOutcome {
    if (this.deduplicateRequestIds) {
      const seen = this.#replays.lookup(req.requestId)
      if (seen) return { kind: 'done', result: seen, replayed: true }
    }

    const statuses = req.voucherIds.map((voucherId, index) => {
      const outcome = this.#act(req.action, voucherId, req.customerId)
      const points = req.points?.[index]
      this.#record({
        seq: ++this.#seq,
        requestId: req.requestId,
        voucherId,
        action: req.action,
        resultCode: outcome.result.code,
        ...(outcome.newVoucherId !== undefined ? { newVoucherId: outcome.newVoucherId } : {}),
        ...(points !== undefined ? { points } : {}),
      })
      return voucherStatus(outcome.newVoucherId ?? voucherId, outcome.result)
    })
    const result = commonResult(statuses)
    this.#replays.remember(req.requestId, result)
    return { kind: 'done', result, replayed: false }
  }

  get(voucherId: string): Voucher | undefined {
    return this.#vouchers.get(voucherId)
  }

  all(): Voucher[] {
    return [...this.#vouchers.values()]
  }

  /**
   * A customer's vouchers in the listed states (all when none given), newest first (ties by id):
   * the order `customer.voucher.list` answers in (assumed; the metadata gives none).
   */
  ofCustomer(customerId: string, states: readonly ListedVoucherState[] = LISTED_STATES): Voucher[] {
    return this.all()
      .filter((v) => v.customerId === customerId && states.includes(listedState(v.state)))
      .sort((a, b) => (a.createdAt === b.createdAt ? a.voucherId.localeCompare(b.voucherId) : a.createdAt < b.createdAt ? 1 : -1))
  }

  /**
   * The most recent voucher actions processed, failed ones included, in order, at most
   * `ACTION_LOG_LIMIT`; replayed requests add nothing (without deduplication each repeat is
   * processed, and logged, again).
   */
  get log(): readonly AppliedAction[] {
    return this.#log
  }

  /** How many times `action` was applied to the voucher successfully: exactly-once checks. */
  actionCount(voucherId: string, action: VoucherAction): number {
    return this.#applied.get(`${action} ${voucherId}`) ?? 0
  }

  #record(entry: AppliedAction): void {
    this.#log.push(entry)
    if (this.#log.length > ACTION_LOG_LIMIT) this.#log.splice(0, this.#log.length - ACTION_LOG_LIMIT)
    if (entry.resultCode === '0') {
      const key = `${entry.action} ${entry.voucherId}`
      this.#applied.set(key, (this.#applied.get(key) ?? 0) + 1)
    }
  }

  #act(action: VoucherAction, voucherId: string, customerId: string): { result: VoucherResult; newVoucherId?: string } {
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
    const { reissuedFrom: _older, ...terms } = voucher
    this.#put({ ...voucher, state: 'REVERSED', reissuedAs: newVoucherId })
    this.#put({
      ...terms,
      voucherId: newVoucherId,
      state: 'NORMAL',
      createdAt: formatBeijingTime(this.#now()),
      reissuedFrom: voucherId,
    })
    return { result: VOUCHER_RESULT.REVERSED, newVoucherId }
  }

  #put(voucher: Voucher): void {
    this.#vouchers.set(voucher.voucherId, voucher)
  }
}

function voucherStatus(voucherId: string, result: VoucherResult): VoucherStatusReply {
  return {
    is_success: result.code === '0',
    voucher_id: voucherId,
    result_code: result.code,
    result_desc: result.desc,
    result_view: result.view,
  }
}

/** biz_success means "processed": partial success is an ordinary answer. */
function commonResult(statuses: VoucherStatusReply[]): StatusChangeResult {
  const succeeded = statuses.filter((s) => s.is_success).length
  const summary = succeeded === statuses.length ? CALL_RESULT.ALL_DONE : succeeded === 0 ? CALL_RESULT.NONE_DONE : CALL_RESULT.PARTIAL
  return {
    biz_success: true,
    result: { voucher_status_list: statuses },
    result_code: summary.code,
    result_desc: summary.desc,
    result_view: summary.desc,
  }
}
