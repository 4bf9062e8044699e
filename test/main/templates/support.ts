import { VALID_TEMPLATE_EXAMPLE } from '@contract/api/examples'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { openDatabase, type Database } from '@main/store/db'
import { draftMigrations } from '@main/store/drafts-migrations'
import type { Timers } from '@main/services/templates/timers'

/** A fresh in-memory app database with the drafts tables (as the lead opens the real one). */
export function openDraftsDb(): Database {
  return openDatabase(':memory:', { drafts: draftMigrations })
}

/** 满100减10, passing every contract rule; a fresh copy each call. */
export function validBody(): DraftBody {
  const body = structuredClone(VALID_TEMPLATE_EXAMPLE) as DraftBody
  // A draft that was never submitted has neither a server id nor a unique_id of its own.
  delete body.coupon_template!.id
  delete body.coupon_template!.unique_id
  return body
}

export function withTitle(body: DraftBody, title: string): DraftBody {
  const template = body.coupon_template ?? {}
  return { ...body, coupon_template: { ...template, common_config: { ...template.common_config, title } } }
}

/**
 * A clock and timers driven by the test: `advance(ms)` moves time and runs what fell due, in
 * order, letting promises settle between callbacks.
 */
export class ManualClock implements Timers {
  #now: number
  #seq = 0
  readonly #pending = new Map<number, { at: number; callback: () => void }>()

  constructor(start = Date.parse('2025-01-10T02:00:00.000Z')) {
    this.#now = start
  }

  readonly now = (): Date => new Date(this.#now)

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#seq
    this.#pending.set(id, { at: this.#now + Math.max(0, ms), callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number)
  }

  /** Delays of the timers currently set, from now. */
  get scheduled(): number[] {
    return [...this.#pending.values()].map((t) => t.at - this.#now).sort((a, b) => a - b)
  }

  async advance(ms: number): Promise<void> {
    const until = this.#now + ms
    for (;;) {
      const next = [...this.#pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0]
      if (!next) break
      const [id, timer] = next
      this.#pending.delete(id)
      this.#now = timer.at
      timer.callback()
      await settle()
    }
    this.#now = until
    await settle()
  }
}

/** Lets chained promises (an attempt, its bookkeeping) run to completion. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** Polls `check` until it holds (real-network tests), failing after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
