import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { NetworkWatch, tcpProbe } from '@main/services/templates/network-watch'
import { backoffDelay } from '@main/services/templates/timers'
import { ManualClock } from './support'

function watchWith(clock: ManualClock, probe: () => Promise<boolean>) {
  const onOnline = vi.fn()
  const watch = new NetworkWatch({ probe, onOnline, timers: clock, now: clock.now, backoff: { initialMs: 1_000, maxMs: 8_000 } })
  return { watch, onOnline }
}

describe('backoff', () => {
  it('doubles from the first wait and stops at the cap', () => {
    const policy = { initialMs: 1_000, maxMs: 8_000 }
    expect([1, 2, 3, 4, 5, 50].map((step) => backoffDelay(step, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
  })
})

describe('network watch', () => {
  it('probes on a capped exponential backoff while the gateway is unreachable, then reports online once', async () => {
    const clock = new ManualClock()
    let up = false
    const probe = vi.fn(async () => up)
    const { watch, onOnline } = watchWith(clock, probe)

    watch.reportUnreachable()
    expect(watch.status()).toEqual({ state: 'offline', nextProbeAt: new Date(clock.now().getTime() + 1_000).toISOString() })
    await clock.advance(999)
    expect(probe).not.toHaveBeenCalled()
    await clock.advance(1)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(clock.scheduled).toEqual([2_000])

    await clock.advance(2_000 + 4_000 + 8_000)
    expect(probe).toHaveBeenCalledTimes(4)
    expect(clock.scheduled).toEqual([8_000])

    up = true
    await clock.advance(8_000)
    expect(onOnline).toHaveBeenCalledTimes(1)
    expect(watch.status()).toEqual({ state: 'online', nextProbeAt: null })
    // Nothing is left running once it is back.
    expect(clock.scheduled).toEqual([])
  })

  it('probes at once when nudged (the renderer saw the network come back)', async () => {
    const clock = new ManualClock()
    let up = false
    const { watch, onOnline } = watchWith(clock, async () => up)
    watch.reportUnreachable()
    up = true
    const status = await watch.nudge()
    expect(status.state).toBe('online')
    expect(onOnline).toHaveBeenCalledTimes(1)
    expect(clock.scheduled).toEqual([])
  })

  it('keeps backing off when a probe succeeds but calls still cannot get through', async () => {
    const clock = new ManualClock()
    const { watch, onOnline } = watchWith(clock, async () => true)
    watch.reportUnreachable()
    await clock.advance(1_000)
    expect(onOnline).toHaveBeenCalledTimes(1)
    // The call the outbox made on that hint failed again: the wait grows instead of restarting.
    watch.reportUnreachable()
    expect(clock.scheduled).toEqual([2_000])
    watch.reportReached()
    watch.reportUnreachable()
    expect(clock.scheduled).toEqual([1_000])
  })

  it('treats a probe that throws as unreachable and stops for good on dispose', async () => {
    const clock = new ManualClock()
    const { watch, onOnline } = watchWith(clock, () => Promise.reject(new Error('EACCES')))
    watch.reportUnreachable()
    await clock.advance(1_000)
    expect(watch.status().state).toBe('offline')
    watch.dispose()
    expect(clock.scheduled).toEqual([])
    await clock.advance(60_000)
    expect(onOnline).not.toHaveBeenCalled()
  })
})

describe('tcp probe', () => {
  it('connects to a listening port and fails fast on a closed one', async () => {
    const server = createServer((socket) => socket.end())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    expect(await tcpProbe(`http://127.0.0.1:${port}/router/rest`)).toBe(true)
    await new Promise<void>((resolve) => server.close(() => resolve()))
    expect(await tcpProbe(`http://127.0.0.1:${port}`)).toBe(false)
    expect(await tcpProbe('not a url')).toBe(false)
  })
})
