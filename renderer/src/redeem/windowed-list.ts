import { computed, ref, type Ref } from 'vue'

/**
 * Renders only the rows that can be seen, plus a few either side. A pasted list of a thousand
 * vouchers then costs a screenful of rows, not a thousand: the scroll container keeps its full
 * height through two spacers, so the scrollbar and keyboard scrolling behave as with every row.
 * Rows must share one height (`rowHeight`, in pixels).
 */
export function useWindowedList(count: Ref<number>, options: { rowHeight: number; viewportHeight: number; overscan?: number }) {
  const scrollTop = ref(0)
  const overscan = options.overscan ?? 6
  const visibleRows = Math.ceil(options.viewportHeight / options.rowHeight)

  const start = computed(() => Math.max(0, Math.min(count.value, Math.floor(scrollTop.value / options.rowHeight) - overscan)))
  const end = computed(() => Math.min(count.value, start.value + visibleRows + 2 * overscan))
  const padTop = computed(() => start.value * options.rowHeight)
  const padBottom = computed(() => (count.value - end.value) * options.rowHeight)

  function onScroll(event: Event): void {
    scrollTop.value = (event.target as HTMLElement).scrollTop
  }

  return { start, end, padTop, padBottom, onScroll }
}
