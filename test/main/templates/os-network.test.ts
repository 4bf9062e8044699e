import { describe, expect, it, vi } from 'vitest'
import { powerMonitor, net } from 'electron'
import { electronNetworkSignals } from '@main/network-signals'
import { NetworkWatch } from '@main/services/templates/network-watch'
import { OsNetworkMonitor, type NetworkSignals } from '@main/services/templates/os-network'
import { ManualClock } from './support'

/** Signals the test drives: `online` is what the OS says, `wake()` a resume from sleep. */
function fakeSignals(initiallyOnline = true) {
  const listeners = new Set<() => void>()
  const state = { online: initiallyOnline }
  const signals: NetworkSignals = {
    onResume(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    isOnline: () => state.online,
  }
  return { signals, state, wake: () => listeners.forEach((l) => l()), listeners }
}

function setup(initiallyOnline = true) {
  const clock = new ManualClock()
  let reachable = false
  const probe = vi.fn(async () => reachable)
  const onOnline = vi.fn()
  // A long first backoff step: without the OS signals the next probe would be a minute away.
  const watch = new NetworkWatch({ probe, onOnline, timers: clock, now: clock.now, backoff: { initialMs: 60_000, maxMs: 60_000 } })
  const os = fakeSignals(initiallyOnline)
  const monitor = new OsNetworkMonitor({ signals: os.signals, watch, timers: clock, pollMs: 1_000 })
  return { clock, watch, probe, onOnline, os, monitor, setReachable: (v: boolean) => (reachable = v) }
}

describe('OS network signals', () => {
  it('probes at once when the PC wakes from sleep, instead of at the next backoff step', async () => {
    const { clock, watch, probe, onOnline, os, monitor, setReachable } = setup()
    monitor.start()
    watch.reportUnreachable()
    setReachable(true)
    os.wake()
    await clock.advance(0)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(onOnline).toHaveBeenCalledTimes(1)
    expect(watch.status().state).toBe('online')
    monitor.dispose()
  })

  it('probes at once when the OS goes from offline to online, and marks the gateway unreachable when it goes offline', async () => {
    const { clock, watch, probe, onOnline, os, monitor, setReachable } = setup(true)
    monitor.start()
    os.state.online = false
    await clock.advance(1_000)
    expect(watch.status().state).toBe('offline')
    expect(probe).not.toHaveBeenCalled()

    // Still offline: no change, nothing new.
    await clock.advance(5_000)
    expect(probe).not.toHaveBeenCalled()

    os.state.online = true
    setReachable(true)
    await clock.advance(1_000)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(onOnline).toHaveBeenCalledTimes(1)
    expect(watch.status().state).toBe('online')
    monitor.dispose()
  })

  it('reads only changes: an OS stuck on "offline" cannot hold back a gateway the probes reach', async () => {
    const { clock, watch, os, monitor, setReachable } = setup(false)
    monitor.start()
    watch.reportUnreachable()
    setReachable(true)
    await clock.advance(60_000)
    expect(watch.status().state).toBe('online')
    await clock.advance(10_000)
    expect(watch.status().state).toBe('online')
    expect(os.state.online).toBe(false)
    monitor.dispose()
  })

  it('stops listening and polling on dispose, and survives an adapter that throws', async () => {
    const { clock, probe, os, monitor } = setup()
    const throwing = new OsNetworkMonitor({
      signals: {
        onResume: os.signals.onResume,
        isOnline: () => {
          throw new Error('not ready')
        },
      },
      watch: { nudge: async () => undefined, reportUnreachable: () => undefined, online: true },
      timers: clock,
      pollMs: 1_000,
    })
    throwing.start()
    await clock.advance(3_000)
    throwing.dispose()

    monitor.start()
    monitor.dispose()
    expect(os.listeners.size).toBe(0)
    expect(clock.scheduled).toEqual([])
    os.wake()
    await clock.advance(10_000)
    expect(probe).not.toHaveBeenCalled()
  })
})

describe('Electron glue', () => {
  it('passes powerMonitor resume and net.isOnline through, and unsubscribes', () => {
    const signals = electronNetworkSignals()
    const listener = vi.fn()
    const off = signals.onResume(listener)
    ;(powerMonitor as unknown as { emit(e: string): void }).emit('resume')
    expect(listener).toHaveBeenCalledTimes(1)
    off()
    ;(powerMonitor as unknown as { emit(e: string): void }).emit('resume')
    expect(listener).toHaveBeenCalledTimes(1)
    ;(net as unknown as { online: boolean }).online = false
    expect(signals.isOnline()).toBe(false)
    ;(net as unknown as { online: boolean }).online = true
    expect(signals.isOnline()).toBe(true)
  })
})
