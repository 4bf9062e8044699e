import type { Timers } from './timers'

/**
 * What the operating system says about the network, behind a thin interface so the outbox never
 * imports Electron (the app passes Electron's `powerMonitor` and `net`, see
 * `electron/main/network-signals.ts`; tests pass a fake).
 */
export interface NetworkSignals {
  /** Calls `listener` when the PC wakes from sleep. Returns the unsubscribe. */
  onResume(listener: () => void): () => void
  /**
   * The OS's connectivity (Electron's `net.isOnline()`): `false` is a strong sign the gateway is
   * out of reach, `true` is only a hint. Cheap and local, so it can be asked often.
   */
  isOnline(): boolean
}

/** The parts of the network watch the monitor drives. */
export interface WatchControls {
  /** Probe now instead of at the next backoff step. */
  nudge(): Promise<unknown>
  /** Mark the gateway unreachable (starts the probe backoff). */
  reportUnreachable(): void
  readonly online: boolean
}

export interface OsNetworkMonitorOptions {
  signals: NetworkSignals
  watch: WatchControls
  timers: Timers
  /** How often `isOnline()` is read: Electron has no event for it. */
  pollMs?: number
}

export const DEFAULT_OS_POLL_MS = 3_000

/**
 * Turns the OS's signals into the network watch's: a wake-up from sleep or the OS going from
 * offline to online makes the watch probe at once (a long backoff step would otherwise keep a
 * store waiting minutes after its router came back); the OS going offline marks the gateway
 * unreachable, so the outbox stops trying until a probe gets through. Only changes count: an OS
 * that keeps saying "offline" while probes succeed cannot hold the outbox back.
 */
export class OsNetworkMonitor {
  readonly #o: OsNetworkMonitorOptions
  readonly #pollMs: number
  #last: boolean | undefined
  #timer: unknown
  #unsubscribe: (() => void) | undefined
  #running = false

  constructor(options: OsNetworkMonitorOptions) {
    this.#o = options
    this.#pollMs = options.pollMs ?? DEFAULT_OS_POLL_MS
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#last = this.#read()
    this.#unsubscribe = this.#o.signals.onResume(() => this.#wake())
    this.#schedule()
  }

  dispose(): void {
    this.#running = false
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    if (this.#timer !== undefined) this.#o.timers.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #wake(): void {
    if (!this.#running) return
    this.#last = this.#read()
    void this.#o.watch.nudge()
  }

  #schedule(): void {
    this.#timer = this.#o.timers.setTimeout(() => {
      this.#timer = undefined
      if (!this.#running) return
      this.#poll()
      this.#schedule()
    }, this.#pollMs)
  }

  #poll(): void {
    const now = this.#read()
    const before = this.#last
    this.#last = now
    if (now === undefined || before === undefined || now === before) return
    if (now) void this.#o.watch.nudge()
    else if (this.#o.watch.online) this.#o.watch.reportUnreachable()
  }

  /** undefined when the OS cannot say (the adapter threw): no change is read into that. */
  #read(): boolean | undefined {
    try {
      return this.#o.signals.isOnline()
    } catch {
      return undefined
    }
  }
}
