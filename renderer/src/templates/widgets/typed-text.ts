import { ref, watch, type Ref } from 'vue'

/**
 * The text a box shows for a draft value. While the user types, their own updates come back as
 * the value and must not rewrite the box (a half-typed "0.3" would become "0.30", a "1.5 days"
 * would jump to "1 day 12 hours"); only changes from outside (load, clear, undo) do. `send`
 * emits a value and remembers it as the user's own.
 */
export function useTypedText<T>(value: () => unknown, display: (value: unknown) => T, emit: (value: unknown) => void) {
  const text = ref(display(value())) as Ref<T>
  let lastSent: unknown = value()

  watch(value, (next) => {
    if (next !== lastSent) text.value = display(next)
    lastSent = next
  })

  function send(next: unknown): void {
    lastSent = next
    emit(next)
  }

  return { text, send, isLastSent: (candidate: unknown): boolean => candidate === lastSent }
}
