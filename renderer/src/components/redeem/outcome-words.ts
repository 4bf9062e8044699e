import { useI18n } from 'vue-i18n'
import type { Message, VoucherOutcome } from '@contract/ipc/channels/redemption'

export type OutcomeTone = 'success' | 'danger' | 'warning' | 'info'

/**
 * A voucher outcome in plain words for the cashier, with the codes support needs kept for the
 * tooltip. Shared by the Redeem and History screens so both say the same thing.
 */
export function useOutcomeWords() {
  const { t, te } = useI18n()

  /** A key main sent; an unknown one (a newer main) still says something readable. */
  function message(m: Message): string {
    return te(m.key) ? t(m.key, m.params) : t('redemption.reason.unrecorded')
  }

  function words(outcome: VoucherOutcome): string {
    switch (outcome.state) {
      case 'pending':
        return t('redemption.words.pending')
      case 'redeemed':
        return t('redemption.words.redeemed')
      case 'reversed':
        return t('redemption.words.reversed', { id: outcome.reissuedVoucherId })
      case 'not_sent':
        return t('redemption.words.notSent', { text: message(outcome.reason) })
      case 'unknown':
        return t('redemption.words.unknown', { text: message(outcome.reason) })
      case 'failed': {
        const f = outcome.failure
        if (f.kind === 'platform') return t('redemption.words.failedPlatform', { text: message(f.message) })
        if (f.kind === 'call') return t('redemption.words.failedCall', { text: f.result.text ?? f.result.code ?? '' })
        return f.result.text
          ? t('redemption.words.failedVoucher', { text: f.result.text })
          : t('redemption.words.failedVoucherNoText', { code: f.result.code ?? '' })
      }
    }
  }

  /** Tooltip lines: the result or TOP codes as the server sent them. */
  function detail(outcome: VoucherOutcome): string[] {
    const lines: string[] = []
    if (outcome.state === 'redeemed' || outcome.state === 'reversed') {
      if (outcome.result.code) lines.push(t('redemption.detail.resultCode', { code: outcome.result.code }))
    } else if (outcome.state === 'failed') {
      const f = outcome.failure
      if (f.kind === 'platform') {
        if (f.top.code !== undefined) lines.push(t('redemption.detail.topCode', { code: f.top.code }))
        if (f.top.subCode) lines.push(t('redemption.detail.topSubCode', { subCode: f.top.subCode }))
        const text = f.top.subMsg || f.top.msg
        if (text) lines.push(text)
        if (f.top.gatewayRequestId) lines.push(t('redemption.detail.gatewayRequestId', { id: f.top.gatewayRequestId }))
      } else if (f.result.code) {
        lines.push(t('redemption.detail.resultCode', { code: f.result.code }))
      }
    } else if (outcome.state !== 'pending') {
      lines.push(message(outcome.reason))
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

  const stateLabel = (outcome: VoucherOutcome): string => t(`redemption.state.${outcome.state}`)

  return { words, detail, tone, stateLabel, message }
}
