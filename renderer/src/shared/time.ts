/** A journal time (epoch ms) as the cashier's PC shows dates, in the UI language. */
export function formatTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(ms)
}
