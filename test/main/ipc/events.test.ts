import { describe, expect, it, vi } from 'vitest'
import { forwardEvents } from '@main/ipc/electron-ipc'
import { createEventHub } from '@main/ipc/events'
import type { WebContents } from 'electron'
import { FakeWebContents } from '../../support/electron-fake'

const NETWORK = { state: 'offline', nextProbeAt: '2026-12-04T10:00:00.000Z' } as const

describe('event hub', () => {
  it('hands every sink the parsed payload: keys the schema does not name never leave main', () => {
    const hub = createEventHub()
    const sink = vi.fn()
    hub.subscribe(sink)
    hub.emit('network.changed', { ...NETWORK, secret: 'not for the window' } as typeof NETWORK)
    expect(sink).toHaveBeenCalledExactlyOnceWith('network.changed', NETWORK)
  })

  it('computes a lazy payload only when someone listens', () => {
    const hub = createEventHub()
    const payload = vi.fn(() => NETWORK)
    hub.emit('network.changed', payload)
    expect(payload).not.toHaveBeenCalled()
    const sink = vi.fn()
    hub.subscribe(sink)
    hub.emit('network.changed', payload)
    expect(payload).toHaveBeenCalledTimes(1)
    expect(sink).toHaveBeenCalledWith('network.changed', NETWORK)
  })

  it('drops a payload that does not fit its schema, and says so', () => {
    const onInvalid = vi.fn()
    const hub = createEventHub({ onInvalid })
    const sink = vi.fn()
    hub.subscribe(sink)
    hub.emit('network.changed', { state: 'sideways', nextProbeAt: null } as unknown as typeof NETWORK)
    expect(sink).not.toHaveBeenCalled()
    expect(onInvalid).toHaveBeenCalledWith('network.changed', expect.anything())
  })

  it('stops sending to a sink once unsubscribed; a failing sink does not stop the others', () => {
    const onInvalid = vi.fn()
    const hub = createEventHub({ onInvalid })
    const broken = vi.fn(() => {
      throw new Error('window gone')
    })
    const sink = vi.fn()
    const off = hub.subscribe(broken)
    hub.subscribe(sink)
    hub.emit('network.changed', NETWORK)
    expect(sink).toHaveBeenCalledTimes(1)
    off()
    hub.emit('network.changed', NETWORK)
    expect(broken).toHaveBeenCalledTimes(1)
    expect(sink).toHaveBeenCalledTimes(2)
  })
})

describe('forwardEvents (webContents.send)', () => {
  const contents = (url: string) => {
    const c = new FakeWebContents()
    c.mainFrame.url = url
    return c
  }

  it("sends to the app's own windows only while they show the app's origin", () => {
    const hub = createEventHub()
    const app = contents('app://coupon-desk/index.html#/redeem')
    const navigatedAway = contents('https://example.com/')
    const closed = contents('app://coupon-desk/index.html')
    closed.destroyed = true
    forwardEvents(hub, {
      appOrigins: ['app://coupon-desk'],
      windows: () => [app, navigatedAway, closed] as unknown as WebContents[],
    })
    hub.emit('network.changed', NETWORK)
    expect(app.sent).toEqual([{ channel: 'network.changed', payload: NETWORK }])
    expect(navigatedAway.sent).toEqual([])
    expect(closed.sent).toEqual([])
  })
})
