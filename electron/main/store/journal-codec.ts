import type { Failure, Message, ServerResult, VoucherOutcome, VoucherState } from '@contract/ipc/channels/redemption'

/**
 * A voucher outcome ⇄ the columns of its `journal_vouchers` row. The table's CHECK constraints
 * mirror the union (a reissued id exactly when reversed, a failure kind exactly when failed), so
 * a row that decodes is a row that makes sense.
 */
export interface OutcomeColumns {
  state: VoucherState
  result_code: string | null
  result_text: string | null
  failure_kind: Failure['kind'] | null
  message_key: string | null
  message_params: string | null
  top_json: string | null
  reissued_voucher_id: string | null
}

const EMPTY: Omit<OutcomeColumns, 'state'> = {
  result_code: null,
  result_text: null,
  failure_kind: null,
  message_key: null,
  message_params: null,
  top_json: null,
  reissued_voucher_id: null,
}

const resultColumns = (r: ServerResult) => ({ result_code: r.code, result_text: r.text })
const messageColumns = (m: Message) => ({ message_key: m.key, message_params: JSON.stringify(m.params) })

export function encodeOutcome(outcome: VoucherOutcome): OutcomeColumns {
  switch (outcome.state) {
    case 'pending':
      return { ...EMPTY, state: 'pending' }
    case 'redeemed':
      return { ...EMPTY, state: 'redeemed', ...resultColumns(outcome.result) }
    case 'reversed':
      return {
        ...EMPTY,
        state: 'reversed',
        ...resultColumns(outcome.result),
        reissued_voucher_id: outcome.reissuedVoucherId,
      }
    case 'not_sent':
    case 'unknown':
      return { ...EMPTY, state: outcome.state, ...messageColumns(outcome.reason) }
    case 'failed': {
      const failure = outcome.failure
      if (failure.kind === 'platform') {
        return {
          ...EMPTY,
          state: 'failed',
          failure_kind: 'platform',
          ...messageColumns(failure.message),
          top_json: JSON.stringify(failure.top),
        }
      }
      return { ...EMPTY, state: 'failed', failure_kind: failure.kind, ...resultColumns(failure.result) }
    }
  }
}

function decodeMessage(key: string | null, params: string | null): Message {
  return { key: key ?? 'redemption.reason.unrecorded', params: params ? (JSON.parse(params) as Message['params']) : {} }
}

export function decodeOutcome(row: OutcomeColumns): VoucherOutcome {
  const result: ServerResult = { code: row.result_code, text: row.result_text }
  switch (row.state) {
    case 'pending':
      return { state: 'pending' }
    case 'redeemed':
      return { state: 'redeemed', result }
    case 'reversed':
      return { state: 'reversed', reissuedVoucherId: row.reissued_voucher_id ?? '', result }
    case 'not_sent':
    case 'unknown':
      return { state: row.state, reason: decodeMessage(row.message_key, row.message_params) }
    case 'failed':
      if (row.failure_kind === 'platform') {
        return {
          state: 'failed',
          failure: {
            kind: 'platform',
            message: decodeMessage(row.message_key, row.message_params),
            top: row.top_json ? (JSON.parse(row.top_json) as Extract<Failure, { kind: 'platform' }>['top']) : {},
          },
        }
      }
      return { state: 'failed', failure: { kind: row.failure_kind === 'call' ? 'call' : 'voucher', result } }
  }
}

/** The columns every query of voucher rows selects to decode an outcome. */
export const OUTCOME_COLUMNS =
  'state, result_code, result_text, failure_kind, message_key, message_params, top_json, reissued_voucher_id'
