/**
 * Whether the training banner lists the practice vouchers, remembered per PC. With no choice
 * stored yet (the very first start) the list is open, so a new user sees the vouchers to try;
 * after the first redemption, or once the user folds it, the banner is one line, so the list
 * and the Redeem button fit on a 1360×900 counter screen.
 */
export const TRAINING_PREF_KEY = 'coupon-desk.training.expanded'

/** `null`: nothing chosen yet. Storage can be unavailable (privacy settings): then nothing is remembered. */
export function readTrainingExpanded(): boolean | null {
  try {
    const value = localStorage.getItem(TRAINING_PREF_KEY)
    return value === null ? null : value === '1'
  } catch {
    return null
  }
}

export function writeTrainingExpanded(expanded: boolean): void {
  try {
    localStorage.setItem(TRAINING_PREF_KEY, expanded ? '1' : '0')
  } catch {
    // Not remembered; the banner still folds for this session.
  }
}
