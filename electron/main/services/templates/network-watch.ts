import { connect } from 'node:net'
import type { NetworkStatus } from '@contract/ipc/channels/templates'
import { backoffDelay, type Timers } from './timers'

/**
 * Knows whether the TOP gateway is reachable, and finds out when it comes back without
 * hammering it: after a failed call it tries a bare TCP connect (no request, no signature, no
 * quota) on an exponential backoff, and tells the outbox as soon as one succeeds. The
 * renderer's `online` event skips the wait.
 *
 * Only a call that got an answer proves the gateway is back (`reportReached`); a successful
 * probe is a hint, so the backoff keeps growing until then. A probe that lies (a captive
 * portal accepting every connect) therefore costs one real attempt per backoff step, not a
 * tight loop.
 */
export interface NetworkWatchOptions {
  /** One cheap reachability check; must resolve (false on failure), never reject. */
  probe: () => Promise<boolean>
  /** A probe succeeded: time to try the queued work again. */
  onOnline: () => void
  timers: Timers
  now: () => Date
  /** Wait before the first probe, doubled per failure up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number }
  /** The state or the next probe's time changed (pushed to the window as `network.changed`). */
  onChange?: (status: NetworkStatus) => void
}

export const DEFAULT_PROBE_BACKOFF = { initialMs: 1_000, maxMs: 60_000 } as const

export class NetworkWatch {
  readonly #options: NetworkWatchOptions
  readonly #backoff: { initialMs: number; maxMs: number }
  #state: NetworkStatus['state'] = 'unknown'
  #failures = 0
  #timer: unknown
  #nextProbeAt: Date | null = null
  #probing: Promise<boolean> | undefined
  #disposed = false
  /** The status last handed to `onChange`, so an unchanged one is not told twice. */
  #told = ''

  constructor(options: NetworkWatchOptions) {
    this.#options = options
    this.#backoff = options.backoff ?? DEFAULT_PROBE_BACKOFF
  }

  status(): NetworkStatus {
    return { state: this.#state, nextProbeAt: this.#nextProbeAt?.toISOString() ?? null }
  }

  get online(): boolean {
    return this.#state !== 'offline'
  }

  /** A call got an answer from the gateway (any answer, even an error): it is reachable. */
  reportReached(): void {
    this.#state = 'online'
    this.#failures = 0
    this.#cancelTimer()
    this.#tell()
  }

  /** A call could not reach the gateway. Starts probing unless a probe is already planned. */
  reportUnreachable(): void {
    if (this.#disposed) return
    this.#state = 'offline'
    this.#failures++
    if (this.#timer === undefined && this.#probing === undefined) this.#schedule()
    this.#tell()
  }

  /** The operating system says the network is back: probe now instead of at the next step. */
  async nudge(): Promise<NetworkStatus> {
    if (this.#disposed) return this.status()
    this.#cancelTimer()
    await this.#probe()
    return this.status()
  }

  dispose(): void {
    this.#disposed = true
    this.#cancelTimer()
  }

  #tell(): void {
    if (this.#disposed || !this.#options.onChange) return
    const status = this.status()
    const key = `${status.state}@${status.nextProbeAt}`
    if (key === this.#told) return
    this.#told = key
    this.#options.onChange(status)
  }

  #schedule(): void {
    const delay = backoffDelay(this.#failures, this.#backoff)
    this.#nextProbeAt = new Date(this.#options.now().getTime() + delay)
    this.#timer = this.#options.timers.setTimeout(() => {
      this.#timer = undefined
      void this.#probe()
    }, delay)
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) this.#options.timers.clearTimeout(this.#timer)
    this.#timer = undefined
    this.#nextProbeAt = null
  }

  /** One probe at a time; a nudge during a probe shares its answer. */
  #probe(): Promise<boolean> {
    this.#probing ??= this.#options
      .probe()
      .catch(() => false)
      .then((reachable) => {
        this.#probing = undefined
        if (this.#disposed) return reachable
        if (reachable) {
          this.#state = 'online'
          this.#nextProbeAt = null
          this.#options.onOnline()
        } else {
          this.#state = 'offline'
          this.#failures++
          if (this.#timer === undefined) this.#schedule()
        }
        this.#tell()
        return reachable
      })
    return this.#probing
  }
}

export interface GatewayWatchesOptions {
  /** One cheap reachability check of this profile's gateway; must resolve, never reject. */
  probe: (profileId: string) => Promise<boolean>
  /** This profile's gateway answered a probe: its waiting work may go. */
  onOnline: (profileId: string) => void
  /** The overall status (see `status()`) may have changed: told when any one gateway's did. */
  onChange?: (status: NetworkStatus) => void
  timers: Timers
  now: () => Date
  backoff?: { initialMs: number; maxMs: number }
}

const STATE_RANK: Record<NetworkStatus['state'], number> = { online: 0, unknown: 1, offline: 2 }

/**
 * One `NetworkWatch` per connection profile with work in the outbox. Each profile's work goes
 * only to that profile's gateway, so "is the network back" is a question per gateway: the
 * training gateway coming back must release training work and nothing else, and production
 * being reachable says nothing about the training gateway. Watches are made on first use.
 */
export class GatewayWatches {
  readonly #options: GatewayWatchesOptions
  readonly #watches = new Map<string, NetworkWatch>()
  #disposed = false

  constructor(options: GatewayWatchesOptions) {
    this.#options = options
  }

  /** The watch of one profile's gateway. */
  for(profileId: string): NetworkWatch {
    let watch = this.#watches.get(profileId)
    if (!watch) {
      watch = new NetworkWatch({
        probe: () => this.#options.probe(profileId),
        onOnline: () => this.#options.onOnline(profileId),
        ...(this.#options.onChange ? { onChange: () => this.#options.onChange?.(this.status()) } : {}),
        timers: this.#options.timers,
        now: this.#options.now,
        ...(this.#options.backoff ? { backoff: this.#options.backoff } : {}),
      })
      if (this.#disposed) watch.dispose()
      this.#watches.set(profileId, watch)
    }
    return watch
  }

  /** Profiles whose gateway is known to be out of reach: their work waits for their watch. */
  offline(): string[] {
    return [...this.#watches].filter(([, watch]) => !watch.online).map(([id]) => id)
  }

  /** False once any gateway is known to be unreachable (the OS monitor asks before marking). */
  get online(): boolean {
    return this.offline().length === 0
  }

  /** The least reachable of the gateways that have work (offline first), with its next probe. */
  status(): NetworkStatus {
    let worst: NetworkStatus = { state: this.#watches.size === 0 ? 'unknown' : 'online', nextProbeAt: null }
    for (const watch of this.#watches.values()) {
      const status = watch.status()
      if (STATE_RANK[status.state] > STATE_RANK[worst.state]) worst = status
      else if (status.state === 'offline' && worst.state === 'offline' && status.nextProbeAt !== null) {
        if (worst.nextProbeAt === null || status.nextProbeAt < worst.nextProbeAt) worst = status
      }
    }
    return worst
  }

  /** The OS says the network dropped: every gateway is out of reach. */
  reportUnreachable(): void {
    for (const watch of this.#watches.values()) watch.reportUnreachable()
  }

  /** The OS (or the renderer) says the network is back: probe every gateway now. */
  async nudge(): Promise<NetworkStatus> {
    await Promise.all([...this.#watches.values()].map((watch) => watch.nudge()))
    return this.status()
  }

  dispose(): void {
    this.#disposed = true
    for (const watch of this.#watches.values()) watch.dispose()
  }
}

/**
 * A TCP connect to the gateway's host and port, closed at once: proves the route and the
 * listener are there without sending a request. False on any error or after `timeoutMs`.
 */
export function tcpProbe(gatewayUrl: string, timeoutMs = 3_000): Promise<boolean> {
  let url: URL
  try {
    url = new URL(gatewayUrl)
  } catch {
    return Promise.resolve(false)
  }
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (reachable: boolean) => {
      socket.destroy()
      resolve(reachable)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
