import { onBeforeUnmount, onMounted } from 'vue'

/**
 * A barcode scanner in keyboard-wedge mode types the code as very fast keystrokes and presses
 * Enter. People do not type 4+ characters at ~35 ms each, so such a burst ending in Enter is a
 * scan wherever the focus is: the code goes to `onScan`, and the characters the burst typed into
 * a focused field (the customer id, say) are taken back out of it.
 *
 * The speed is judged over the whole burst, not key by key: a busy PC may deliver one keystroke
 * of a scan late, and a single late key must neither cut a code in two nor drop it.
 */
export interface ScannerWedgeOptions {
  onScan: (code: string) => void
  /** Milliseconds; injectable so tests can play keystrokes at exact speeds. */
  now?: () => number
  /** Largest gap between keystrokes of one scan. */
  maxGapMs?: number
  /** Shorter bursts are left alone (a fast double key press is not a scan). */
  minLength?: number
}

export const SCANNER_MAX_GAP_MS = 35
export const SCANNER_MIN_LENGTH = 4
/** One gap longer than this ends a burst, however fast the rest was. */
export const SCANNER_MAX_SINGLE_GAP_MS = 150

type EditableField = HTMLInputElement | HTMLTextAreaElement

function focusedField(): EditableField | null {
  const el = document.activeElement
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null
}

export interface ScannerWedge {
  /** Feed it every keydown, in the capture phase, before fields see the key. */
  onKeydown(event: KeyboardEvent): void
  reset(): void
}

export function createScannerWedge(options: ScannerWedgeOptions): ScannerWedge {
  const now = options.now ?? (() => performance.now())
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

  function restoreField(): void {
    if (!field || document.activeElement !== field.el || field.el.value === field.value) return
    field.el.value = field.value
    // v-model listens to `input`: tell it the text changed back.
    field.el.dispatchEvent(new Event('input', { bubbles: true }))
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return reset()
    const at = now()
    const continues = at - lastAt <= SCANNER_MAX_SINGLE_GAP_MS
    if (event.key === 'Enter') {
      // Average gap over the burst, Enter included.
      const fast = continues && (at - startedAt) / Math.max(1, buffer.length) <= maxGap
      if (fast && buffer.length >= minLength) {
        // Ours alone: the focused field must not also act on this Enter.
        event.preventDefault()
        event.stopImmediatePropagation()
        restoreField()
        const code = buffer
        reset()
        options.onScan(code)
        return
      }
      return reset()
    }
    if (event.key.length === 1) {
      if (!continues || buffer === '') {
        buffer = event.key
        startedAt = at
        const el = focusedField()
        field = el ? { el, value: el.value } : null
      } else {
        buffer += event.key
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
