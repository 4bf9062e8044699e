import { useI18n } from 'vue-i18n'
import type { VoucherStatusActionCode } from '@contract/api/enums'
import type { Message, ServerResult, VoucherOutcome } from '@contract/ipc/channels/redemption'

export type OutcomeTone = 'success' | 'danger' | 'warning' | 'info'

/**
 * Why an outcome is open, in a few plain words, by the key main recorded. The full technical
 * sentence (and the transport's own reason, `reset` or `timeout`) is for the hover only.
 */
const CAUSE_BY_KEY: Readonly<Record<string, string>> = {
  'top.error.transport.outcomeUnknown': 'network',
  'top.error.transport.notSent': 'network',
  'redemption.reason.interrupted': 'interrupted',
  'redemption.reason.missingInReply': 'noAnswer',
  'redemption.reason.missingReissuedId': 'noReissuedId',
  'top.error.server': 'server',
  'top.error.response': 'response',
}

/**
 * A voucher outcome in plain words for the cashier, with the codes support needs kept for the
 * tooltip. Shared by the Redeem and History screens so both say the same thing. `action` is the
 * call the outcome belongs to: a failed reversal is "not reversed", never "not redeemed".
 */
export function useOutcomeWords() {
  const { t, te, locale } = useI18n()

  /**
   * Our own words for a per-voucher result code. TOP documents no such codes (only "0" in its
   * example): these are the ones the training gateway answers with, our guess at the real ones.
   * An unknown code has none, and the server's text (or the code) is shown instead.
   */
  function ours(code: string | null | undefined): string | undefined {
    const key = `redemption.resultCode.${code ?? ''}`
    return code && te(key) ? t(key) : undefined
  }
  /** The server's own text is Chinese: in another language it is the second line, never the first. */
  const serverSpeaksOurLanguage = (): boolean => locale.value.startsWith('zh')
  /** A result in our words, else the server's (in Chinese only), else its bare code. */
  const phrase = (result: { code?: string | null; text?: string | null }): string =>
    ours(result.code) ?? (serverSpeaksOurLanguage() ? result.text : undefined) ?? result.code ?? ''

  /** A key main sent; an unknown one (a newer main) still says something readable. */
  function message(m: Message): string {
    return te(m.key) ? t(m.key, m.params) : t('redemption.reason.unrecorded')
  }

  const cause = (reason: Message): string => t(`redemption.cause.${CAUSE_BY_KEY[reason.key] ?? 'other'}`)

  function words(outcome: VoucherOutcome, action: VoucherStatusActionCode = 'NORMAL_ISUSED'): string {
    const reversal = action === 'ISUSED_NORMAL'
    switch (outcome.state) {
      case 'pending':
        return t('redemption.words.pending')
      case 'redeemed':
        return t('redemption.words.redeemed')
      case 'reversed':
        return t('redemption.words.reversed', { id: outcome.reissuedVoucherId })
      case 'not_sent':
        return t(reversal ? 'redemption.words.notSentReversal' : 'redemption.words.notSent')
      case 'unknown':
        return t(reversal ? 'redemption.words.unknownReversal' : 'redemption.words.unknown', { cause: cause(outcome.reason) })
      case 'needs_check':
        return t(reversal ? 'redemption.words.needsCheckReversal' : 'redemption.words.needsCheck', {
          text: phrase(outcome.refusal.result),
        })
      case 'failed': {
        const f = outcome.failure
        if (f.kind === 'platform') return t('redemption.words.failedPlatform', { text: message(f.message) })
        if (f.kind === 'call') return t('redemption.words.failedCall', { text: phrase(f.result) })
        if (f.kind === 'manual') return t(reversal ? 'redemption.words.checkedNotReversed' : 'redemption.words.checkedNotRedeemed')
        const known = ours(f.result.code)
        const primary = known ?? (serverSpeaksOurLanguage() ? f.result.text : undefined)
        if (primary) return t(reversal ? 'redemption.words.failedReversal' : 'redemption.words.failedVoucher', { text: primary })
        return t(reversal ? 'redemption.words.failedReversalNoText' : 'redemption.words.failedVoucherNoText', {
          code: f.result.code ?? '',
        })
      }
    }
  }

  /**
   * What the server said in its own words, when the primary words are not already that: shown as
   * a second line under ours (so an English screen reads English first).
   */
  function serverText(outcome: VoucherOutcome): string | undefined {
    const result =
      outcome.state === 'needs_check'
        ? outcome.refusal.result
        : outcome.state === 'failed' && (outcome.failure.kind === 'voucher' || outcome.failure.kind === 'call')
          ? outcome.failure.result
          : undefined
    if (!result) return undefined
    const { code, text } = result
    if (!text) return undefined
    return ours(code) !== undefined || !serverSpeaksOurLanguage() ? text : undefined
  }

  /** result_code and result_desc as the server sent them. */
  function resultLines(result: ServerResult, lines: string[]): void {
    if (result.code) lines.push(t('redemption.detail.resultCode', { code: result.code }))
    if (result.desc) lines.push(t('redemption.detail.resultDesc', { desc: result.desc }))
  }

  /** Tooltip lines: the result or TOP codes as the server sent them, or the technical reason. */
  function detail(outcome: VoucherOutcome): string[] {
    const lines: string[] = []
    if (outcome.state === 'redeemed' || outcome.state === 'reversed') {
      resultLines(outcome.result, lines)
    } else if (outcome.state === 'failed') {
      const f = outcome.failure
      if (f.kind === 'platform') {
        if (f.top.code !== undefined) lines.push(t('redemption.detail.topCode', { code: f.top.code }))
        if (f.top.subCode) lines.push(t('redemption.detail.topSubCode', { subCode: f.top.subCode }))
        const text = f.top.subMsg || f.top.msg
        if (text) lines.push(text)
        if (f.top.gatewayRequestId) lines.push(t('redemption.detail.gatewayRequestId', { id: f.top.gatewayRequestId }))
      } else {
        resultLines(f.result, lines)
      }
    } else if (outcome.state === 'needs_check') {
      const r = outcome.refusal.result
      resultLines(r, lines)
      if (r.text) lines.push(r.text)
    } else if (outcome.state !== 'pending') {
      lines.push(message(outcome.reason))
      const technical = outcome.reason.params.reason
      if (technical !== undefined && technical !== '') lines.push(t('redemption.detail.technical', { reason: technical }))
    }
    return lines.length > 0 ? lines : [t('redemption.detail.none')]
  }

  function tone(outcome: VoucherOutcome): OutcomeTone {
    switch (outcome.state) {
      case 'redeemed':
      case 'reversed':
        return 'success'
      case 'failed':
        return 'danger'
      case 'pending':
        return 'info'
      default:
        return 'warning'
    }
  }

  /** The tag's word; a reversal's own states read "反核销失败", "反核销待确认", … */
  function stateLabel(outcome: VoucherOutcome, action: VoucherStatusActionCode = 'NORMAL_ISUSED'): string {
    const reversalKey = `redemption.reversalState.${outcome.state}`
    if (action === 'ISUSED_NORMAL' && te(reversalKey)) return t(reversalKey)
    // Not sent because the network was down: say so on the tag, where the cashier looks.
    if (outcome.state === 'not_sent' && CAUSE_BY_KEY[outcome.reason.key] === 'network') return t('redemption.state.notSentOffline')
    return t(`redemption.state.${outcome.state}`)
  }

  return { words, serverText, detail, tone, stateLabel, message }
}
