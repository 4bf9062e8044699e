import { describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { RENDERER_LOG_MAX_CHARS } from '@contract/ipc/channels/support'
import { setApi } from '@renderer/api'
import { installErrorLogging, logToMain } from '@renderer/log'
import { fakeApi } from './support/harness'

function recordingApi() {
  const lines: Array<{ level: string; message: string }> = []
  setApi(fakeApi({ logWrite: (line: { level: string; message: string }) => (lines.push(line), { accepted: true }) }), false)
  return lines
}

describe('the window’s log', () => {
  it('sends errors with their stack, cut to what the channel accepts', async () => {
    const lines = recordingApi()
    logToMain('error', 'save failed:', new TypeError('x is undefined'))
    logToMain('warn', 'long', 'y'.repeat(RENDERER_LOG_MAX_CHARS * 2))
    await flushPromises()
    expect(lines[0]).toMatchObject({ level: 'error' })
    expect(lines[0]!.message).toMatch(/^save failed: TypeError: x is undefined\n\s+at /)
    expect(lines[1]!.message).toHaveLength(RENDERER_LOG_MAX_CHARS)
    expect(lines[1]!.message.endsWith('…')).toBe(true)
  })

  it('never throws, even when main refuses the line', async () => {
    setApi(fakeApi({}), false) // every call rejects
    expect(() => logToMain('error', 'nobody listens')).not.toThrow()
    await flushPromises()
  })

  it('Vue errors and what escapes to the window reach main', async () => {
    const lines = recordingApi()
    const target = new EventTarget()
    const Broken = defineComponent({
      setup() {
        throw new Error('render blew up')
      },
      render: () => h('div'),
    })
    const app = createApp(Broken)
    installErrorLogging(app, target)
    app.mount(document.createElement('div'))
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('lost promise') }))
    await flushPromises()
    expect(lines.map((l) => l.message)).toEqual([
      expect.stringMatching(/^vue \(setup function\): Error: render blew up/),
      expect.stringMatching(/^unhandled rejection: Error: lost promise/),
    ])
    app.unmount()
    vi.restoreAllMocks()
  })
})
