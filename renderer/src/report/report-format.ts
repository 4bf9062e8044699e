/** `09:00` for the hour starting at `ms`, in Beijing time whatever the PC's zone. */
export function beijingHourLabel(ms: number): string {
  const h = new Date(ms + 8 * 3_600_000).getUTCHours()
  return `${String(h).padStart(2, '0')}:00`
}

/** `2026-12-04 09:30` in Beijing time. */
export function beijingDateTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}
