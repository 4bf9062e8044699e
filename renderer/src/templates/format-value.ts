import { formatRatePercent, formatRatioPercent, formatYuan, rateToZhe, rawText, secondsToParts } from '../shared/units'
import type { FieldSpec } from './field-specs'

type Translate = (key: string, params?: Record<string, unknown>) => string

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)

/** "2天3小时" / "2 d 3 h": the non-zero parts of a duration. */
export function formatDuration(t: Translate, seconds: number): string {
  const parts = secondsToParts(seconds)
  const shown = (['days', 'hours', 'minutes', 'seconds'] as const)
    .filter((unit) => parts[unit] > 0)
    .map((unit) => t(`templates.units.${unit}Short`, { n: parts[unit] }))
  return shown.length > 0 ? shown.join(' ') : t('templates.units.secondsShort', { n: 0 })
}

/**
 * A field's value in human units, for the diff and read-only places. A value that does not fit
 * its field (imported text where a number belongs) is shown raw, so it is never hidden.
 */
export function formatFieldValue(t: Translate, locale: string, spec: FieldSpec | undefined, value: unknown): string {
  if (value === undefined) return t('templates.diff.unset')
  switch (spec?.widget) {
    case 'money':
      return isInt(value) ? `¥${formatYuan(value)}` : rawText(value)
    case 'limit':
      return value === -1 ? t('common.unlimited') : rawText(value)
    case 'duration':
      return isInt(value) && value >= 0 ? formatDuration(t, value) : rawText(value)
    case 'ratio':
      return isInt(value) ? `${formatRatioPercent(value)}%` : rawText(value)
    case 'discountRate':
      return isInt(value)
        ? t('templates.units.rateReading', { percent: formatRatePercent(value), zhe: rateToZhe(value), raw: value })
        : rawText(value)
    case 'bool':
      return value === true ? t('common.yes') : value === false ? t('common.no') : rawText(value)
    case 'flag01':
      return value === 1 ? t('common.yes') : value === 0 ? t('common.no') : rawText(value)
    case 'enum':
      // The label alone: the wire code (-999, anonymous) is the API's word, not the manager's.
      return spec.choices && (typeof value === 'number' || typeof value === 'string') && spec.choices.has(value)
        ? spec.choices.label(value, locale)
        : rawText(value)
    case 'enumList':
    case 'idList':
      return Array.isArray(value) ? t('templates.idList.count', { n: value.length }) : rawText(value)
    default:
      return typeof value === 'string' ? value : JSON.stringify(value)
  }
}
