import { onBeforeUnmount, onMounted } from 'vue'

/**
 * A barcode scanner in keyboard-wedge mode types the code as very fast keystrokes and presses
 * Enter. People do not type 4+ characters at ~35 ms each, so such a burst ending in Enter is a
 * scan. Where it goes depends on the focus when the burst began:
 *
 * - the code box (the field marked `data-scan-target="vouchers"`) or no text field at all: the
 *   code goes to `onScan` (the voucher list), and what the burst typed into the code box is taken
 *   back out of it;
 * - any other text field (the customer id, when the cashier scans a member code): the scan stays
 *   in that field, as the scanner typed it. Its Enter is swallowed, so it cannot submit or click
 *   anything, and `onFieldScan` is told (the Redeem screen moves on to the code box).
 *
 * A scan that begins with no text field focused first asks `claimFocus` for one (the Redeem
 * screen gives the code box), so even a scanner too slow to be recognised types into the code
 * box, where its Enter adds the code: nothing is lost, whatever the scanner's speed.
 *
 * The speed is judged over the whole burst, not key by key: a busy PC may deliver one keystroke
 * of a scan late, and a single late key must neither cut a code in two nor drop it.
 */
export interface ScannerWedgeOptions {
  onScan: (code: string) => void
  /** A scan that stayed in the text field it was typed into, and what it typed. */
  onFieldScan?: (field: EditableField, code: string) => void
  /** A key typed with no text field focused: focus the field keys should go to. */
  claimFocus?: () => void
  /**
   * Milliseconds; injectable so tests can play keystrokes at exact speeds. By default the time
   * the key arrived (the event's timeStamp), not the time it is handled: a slow PC busy drawing
   * the list handles a scan's keys late, but they arrived as fast as the scanner sent them.
   */
  now?: () => number
  /** Largest gap between keystrokes of one scan. */
  maxGapMs?: number
  /** Shorter bursts are left alone (a fast double key press is not a scan). */
  minLength?: number
}

/**
 * Average milliseconds per key of a scan. Scanners send 2–50 ms per key (a slow wireless one 50);
 * a fast typist averages 80 ms or more over a whole code, so 55 keeps the two apart.
 */
export const SCANNER_MAX_GAP_MS = 55
export const SCANNER_MIN_LENGTH = 4
/** One gap longer than this ends a burst, however fast the rest was. */
export const SCANNER_MAX_SINGLE_GAP_MS = 300

/** Marks the field whose scans go to the voucher list: `data-scan-target="vouchers"`. */
export const SCAN_TARGET_ATTRIBUTE = 'data-scan-target'
export const SCAN_TARGET_VOUCHERS = 'vouchers'

export type EditableField = HTMLInputElement | HTMLTextAreaElement

/** Inputs a keystroke types into; radio buttons, checkboxes and read-only boxes are not. */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number'])

function focusedField(): EditableField | null {
  const el = document.activeElement
  const typesText = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type))
  return typesText && !el.readOnly && !el.disabled ? el : null
}

/** A dialog or message box has the focus: its keys are its own. */
const inDialog = (): boolean => document.activeElement?.closest('[role="dialog"], .el-overlay') != null

const isVoucherTarget = (el: EditableField): boolean => el.getAttribute(SCAN_TARGET_ATTRIBUTE) === SCAN_TARGET_VOUCHERS

export interface ScannerWedge {
  /** Feed it every keydown, in the capture phase, before fields see the key. */
  onKeydown(event: KeyboardEvent): void
  reset(): void
}

export function createScannerWedge(options: ScannerWedgeOptions): ScannerWedge {
  const now = options.now ?? null
  const maxGap = options.maxGapMs ?? SCANNER_MAX_GAP_MS
  const minLength = options.minLength ?? SCANNER_MIN_LENGTH
  let buffer = ''
  let startedAt = -Infinity
  let lastAt = -Infinity
  /** The focused field and its text before the burst began, to undo what the burst typed. */
  let field: { el: EditableField; value: string } | null = null

  function reset(): void {
    buffer = ''
    startedAt = -Infinity
    lastAt = -Infinity
    field = null
  }

  function claim(): boolean {
    options.claimFocus?.()
    return focusedField() !== null
  }

  function restoreField(): void {
    if (!field || document.activeElement !== field.el || field.el.value === field.value) return
    field.el.value = field.value
    // v-model listens to `input`: tell it the text changed back.
    field.el.dispatchEvent(new Event('input', { bubbles: true }))
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return reset()
    const at = now ? now() : event.timeStamp
    const continues = at - lastAt <= SCANNER_MAX_SINGLE_GAP_MS
    if (event.key === 'Enter') {
      // Average gap over the burst, Enter included.
      const fast = continues && (at - startedAt) / Math.max(1, buffer.length) <= maxGap
      if (fast && buffer.length >= minLength) {
        // Ours alone: the focused field (or a focused button) must not also act on this Enter.
        event.preventDefault()
        event.stopImmediatePropagation()
        const target = field
        if (target === null || isVoucherTarget(target.el)) {
          restoreField()
          const code = buffer
          reset()
          options.onScan(code)
        } else {
          const code = buffer
          reset()
          options.onFieldScan?.(target.el, code)
        }
        return
      }
      return reset()
    }
    if (event.key.length === 1) {
      // No text field has the focus: take one before this key lands (Space on a focused button
      // presses it, and a dialog's keys are its own).
      const claimed = focusedField() === null && event.key !== ' ' && !inDialog() && claim()
      if (!continues || buffer === '') {
        buffer = event.key
        startedAt = at
        const el = focusedField()
        field = el ? { el, value: el.value } : null
      } else {
        buffer += event.key
        // Mid-burst: the keys so far went nowhere; the rest types into the claimed field.
        const el = focusedField()
        if (claimed && field === null && el) field = { el, value: el.value }
      }
      lastAt = at
      return
    }
    // Scanners hold Shift for capitals; anything else (Tab, arrows, Backspace) is a person.
    if (event.key !== 'Shift') reset()
  }

  return { onKeydown, reset }
}

/** Listens on the whole window while the component is mounted. */
export function useScannerWedge(options: ScannerWedgeOptions): ScannerWedge {
  const wedge = createScannerWedge(options)
  const listener = (event: KeyboardEvent) => wedge.onKeydown(event)
  onMounted(() => window.addEventListener('keydown', listener, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', listener, true))
  return wedge
}
