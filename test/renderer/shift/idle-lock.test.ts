import { describe, expect, it } from 'vitest'
import { IdleLock, type IdleClock } from '@renderer/shift/idle-lock'

/** A clock whose minutes pass when the test says so, firing timers that fall due. */
function manualClock(): IdleClock & { advance(ms: number): void } {
  let now = 0
  let timers: { at: number; fn: () => void; id: number }[] = []
  let nextId = 1
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.push({ at: now + ms, fn, id })
      return id
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        timers = timers.filter((t) => t !== due)
        now = due.at
        due.fn()
      }
      now = end
    },
  }
}

describe('idle lock', () => {
  it('locks after the set idle minutes, and activity starts the wait anew', () => {
    const clock = manualClock()
    let locks = 0
    const idle = new IdleLock(() => locks++, clock)
    idle.configure(5, true)
    clock.advance(4 * 60_000)
    idle.activity()
    clock.advance(4 * 60_000)
    expect(locks).toBe(0)
    clock.advance(60_000 - 1)
    expect(locks).toBe(0)
    clock.advance(1)
    expect(locks).toBe(1)
    // Locked: it does not lock again until a new shift turns it on.
    clock.advance(60 * 60_000)
    expect(locks).toBe(1)
    idle.configure(5, true)
    clock.advance(5 * 60_000)
    expect(locks).toBe(2)
  })

  it('never locks when set to 0 minutes or when nobody is signed in', () => {
    const clock = manualClock()
    let locks = 0
    const idle = new IdleLock(() => locks++, clock)
    idle.configure(0, true)
    clock.advance(24 * 60 * 60_000)
    idle.configure(1, false)
    clock.advance(24 * 60 * 60_000)
    expect(locks).toBe(0)
  })

  it('stops when disposed', () => {
    const clock = manualClock()
    let locks = 0
    const idle = new IdleLock(() => locks++, clock)
    idle.configure(1, true)
    idle.dispose()
    clock.advance(10 * 60_000)
    expect(locks).toBe(0)
  })
})
