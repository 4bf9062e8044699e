import type { Failure, ManualCheck, Message, Refusal, ServerResult, VoucherOutcome } from '@contract/ipc/channels/redemption'
import type { OutcomeColumns } from '@main/store/journal'

/**
 * A voucher outcome ⇄ the columns of its `journal_vouchers` row. The table's CHECK constraints
 * mirror the union (a reissued id exactly when reversed, a failure kind exactly when failed or
 * waiting for a check, a verdict's who-and-when exactly on rows settled by hand), so a row that
 * decodes is a row that makes sense.
 */

const EMPTY: Omit<OutcomeColumns, 'state'> = {
  result_code: null,
  result_text: null,
  failure_kind: null,
  message_key: null,
  message_params: null,
  top_json: null,
  reissued_voucher_id: null,
  checked_by: null,
  checked_by_name: null,
  checked_at: null,
}

/**
 * `top_json` holds what TOP said beyond a code and a text: the gateway's error for a platform
 * failure, or `{"result_desc": …}` for an answered voucher whose result_desc differs from the
 * result_view shown (no schema change: the column is free on those rows).
 */
const resultColumns = (r: ServerResult) => ({
  result_code: r.code,
  result_text: r.text,
  ...(r.desc ? { top_json: JSON.stringify({ result_desc: r.desc }) } : {}),
})

export function decodeResult(row: OutcomeColumns): ServerResult {
  const result: ServerResult = { code: row.result_code, text: row.result_text }
  if (row.top_json === null || row.failure_kind === 'platform') return result
  const extra = JSON.parse(row.top_json) as { result_desc?: unknown }
  return typeof extra.result_desc === 'string' ? { ...result, desc: extra.result_desc } : result
}
export const messageColumns = (m: Message): { message_key: string; message_params: string } => ({
  message_key: m.key,
  message_params: JSON.stringify(m.params),
})
const checkColumns = (c: ManualCheck | undefined) =>
  c ? { checked_by: c.operatorId, checked_by_name: c.operatorName, checked_at: c.at } : {}

export function encodeOutcome(outcome: VoucherOutcome): OutcomeColumns {
  switch (outcome.state) {
    case 'pending':
      return { ...EMPTY, state: 'pending' }
    case 'redeemed':
      return { ...EMPTY, state: 'redeemed', ...resultColumns(outcome.result), ...checkColumns(outcome.check) }
    case 'reversed':
      return {
        ...EMPTY,
        state: 'reversed',
        ...resultColumns(outcome.result),
        reissued_voucher_id: outcome.reissuedVoucherId,
        ...checkColumns(outcome.check),
      }
    case 'not_sent':
    case 'unknown':
      return { ...EMPTY, state: outcome.state, ...messageColumns(outcome.reason) }
    case 'needs_check':
      return {
        ...EMPTY,
        state: 'needs_check',
        failure_kind: outcome.refusal.kind,
        ...resultColumns(outcome.refusal.result),
      }
    case 'failed': {
      const failure = outcome.failure
      switch (failure.kind) {
        case 'platform':
          return {
            ...EMPTY,
            state: 'failed',
            failure_kind: 'platform',
            ...messageColumns(failure.message),
            top_json: JSON.stringify(failure.top),
          }
        case 'manual':
          return {
            ...EMPTY,
            state: 'failed',
            failure_kind: 'manual',
            ...resultColumns(failure.result),
            ...checkColumns(failure.check),
          }
        default:
          return { ...EMPTY, state: 'failed', failure_kind: failure.kind, ...resultColumns(failure.result) }
      }
    }
  }
}

function decodeMessage(key: string | null, params: string | null): Message {
  return { key: key ?? 'redemption.reason.unrecorded', params: params ? (JSON.parse(params) as Message['params']) : {} }
}

/** The verdict columns, when the row was settled by hand (the schema sets all or none of them). */
function decodeCheck(row: OutcomeColumns): ManualCheck | undefined {
  if (row.checked_by === null || row.checked_at === null) return undefined
  return { operatorId: row.checked_by, operatorName: row.checked_by_name, at: row.checked_at }
}

const withCheck = <T extends object>(value: T, check: ManualCheck | undefined): T & { check?: ManualCheck } =>
  check ? { ...value, check } : value

export function decodeOutcome(row: OutcomeColumns): VoucherOutcome {
  const result = decodeResult(row)
  const check = decodeCheck(row)
  switch (row.state) {
    case 'pending':
      return { state: 'pending' }
    case 'redeemed':
      return withCheck({ state: 'redeemed' as const, result }, check)
    case 'reversed':
      return withCheck({ state: 'reversed' as const, reissuedVoucherId: row.reissued_voucher_id ?? '', result }, check)
    case 'not_sent':
    case 'unknown':
      return { state: row.state, reason: decodeMessage(row.message_key, row.message_params) }
    case 'needs_check': {
      const refusal: Refusal = { kind: row.failure_kind === 'call' ? 'call' : 'voucher', result }
      return { state: 'needs_check', refusal }
    }
    case 'failed':
      switch (row.failure_kind) {
        case 'platform':
          return {
            state: 'failed',
            failure: {
              kind: 'platform',
              message: decodeMessage(row.message_key, row.message_params),
              top: row.top_json ? (JSON.parse(row.top_json) as Extract<Failure, { kind: 'platform' }>['top']) : {},
            },
          }
        case 'manual':
          if (check) return { state: 'failed', failure: { kind: 'manual', check, result } }
          break
        case 'call':
          return { state: 'failed', failure: { kind: 'call', result } }
      }
      return { state: 'failed', failure: { kind: 'voucher', result } }
  }
}
