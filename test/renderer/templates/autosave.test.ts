import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { DraftBody } from '@contract/ipc/channels/templates'
import { ApiError, setApi } from '@renderer/api'
import { AUTOSAVE_DEBOUNCE_MS, useTemplateDraftStore } from '@renderer/templates/draft-store'
import { fakeApi } from '../support/harness'
import { DRAFT_ID, T, body, detail, queuedEntry, summary } from './fixtures'

/**
 * The promise: a crash or power cut loses at most the last second of typing. So a save
 * follows every edit within a second, however long the typing goes on, and leaving the page
 * (hidden, closed, reloaded) saves at once.
 */

function storeWith(methods: Parameters<typeof fakeApi>[0]) {
  setActivePinia(createPinia())
  setApi(fakeApi(methods), false)
  const store = useTemplateDraftStore()
  store.adopt(detail(body()))
  return store
}

const titleOf = (input: { body: DraftBody }) => String(input.body.coupon_template?.common_config?.title)

afterEach(() => {
  vi.useRealTimers()
})

describe('draft autosave', () => {
  it('saves once after the typing pauses, with the latest text', async () => {
    vi.useFakeTimers()
    const save = vi.fn((input: { body: DraftBody }) => summary({ revision: 2, title: titleOf(input) }))
    const store = storeWith({ draftsSave: save })
    store.edit([T, 'common_config', 'title'], '满1')
    store.edit([T, 'common_config', 'title'], '满10')
    expect(store.saveState).toBe('pending')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DEBOUNCE_MS - 1)
    expect(save).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(save).toHaveBeenCalledTimes(1)
    expect(titleOf(save.mock.calls[0]![0])).toBe('满10')
    expect(store.saveState).toBe('saved')
    expect(store.detail?.revision).toBe(2)
    // Nothing more to save: no further calls however long it stays quiet.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('saves every edit within a second while typing goes on without a pause (a keystroke every 100 ms for 5 s)', async () => {
    vi.useFakeTimers()
    const start = Date.now()
    const saves: { at: number; title: string }[] = []
    const save = vi.fn((input: { body: DraftBody }) => {
      saves.push({ at: Date.now() - start, title: titleOf(input) })
      return summary({ title: titleOf(input) })
    })
    const store = storeWith({ draftsSave: save })
    const edits: { at: number; title: string }[] = []
    for (let i = 0; i < 50; i++) {
      const title = `满${i}`
      edits.push({ at: Date.now() - start, title })
      store.edit([T, 'common_config', 'title'], title)
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(saves.length).toBeGreaterThanOrEqual(4)

    const lastEdit = edits.at(-1)!
    await vi.advanceTimersByTimeAsync(1000 - (Date.now() - start - lastEdit.at))
    expect(saves.at(-1)?.title).toBe(lastEdit.title)
    expect(store.saveState).toBe('saved')

    // Every edit was on disk within a second of being typed (in this save or a later one).
    const order = new Map(edits.map((e, i) => [e.title, i]))
    for (const [i, edit] of edits.entries()) {
      const covering = saves.find((s) => s.at >= edit.at && order.get(s.title)! >= i)
      expect(covering, edit.title).toBeDefined()
      expect(covering!.at - edit.at, edit.title).toBeLessThanOrEqual(1000)
    }
  })

  it.each([
    ['the window is hidden', () => document.dispatchEvent(new Event('visibilitychange'))],
    ['the page is closed or reloaded (pagehide)', () => window.dispatchEvent(new Event('pagehide'))],
    ['the window is about to close (beforeunload)', () => window.dispatchEvent(new Event('beforeunload'))],
  ])('saves at once when %s', async (_what, leave) => {
    vi.useFakeTimers()
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden')
    const save = vi.fn((input: { body: DraftBody }) => summary({ title: titleOf(input) }))
    const store = storeWith({ draftsSave: save })
    const stop = store.saveOnPageHide()
    try {
      store.edit([T, 'common_config', 'title'], '关窗前最后一个字')
      leave()
      await flushPromises()
      // No timer has run: the save came from the event.
      expect(save).toHaveBeenCalledTimes(1)
      expect(titleOf(save.mock.calls[0]![0])).toBe('关窗前最后一个字')
    } finally {
      stop()
      visibility.mockRestore()
    }
  })

  it('does not save on a tab becoming visible, nor after it stopped listening', async () => {
    vi.useFakeTimers()
    const save = vi.fn(() => summary())
    const store = storeWith({ draftsSave: save })
    const stop = store.saveOnPageHide()
    store.edit([T, 'common_config', 'title'], 'x')
    // happy-dom's document is visible.
    document.dispatchEvent(new Event('visibilitychange'))
    stop()
    window.dispatchEvent(new Event('pagehide'))
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
  })

  it('keeps the edits when a save fails and saves them on retry', async () => {
    let fail = true
    const save = vi.fn(() => {
      if (fail) throw new ApiError({ code: 'internal', key: 'ipc.internal' })
      return summary({ revision: 2 })
    })
    const store = storeWith({ draftsSave: save })
    store.edit([T, 'common_config', 'title'], 'kept')
    await expect(store.flush()).rejects.toBeInstanceOf(ApiError)
    expect(store.saveState).toBe('error')
    expect(store.saveError?.key).toBe('ipc.internal')
    expect(store.body.coupon_template?.common_config?.title).toBe('kept')
    fail = false
    await store.flush()
    expect(store.saveState).toBe('saved')
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('submits exactly the revision just saved, and takes on the id the server confirmed', async () => {
    const submit = vi.fn((input: { revision: number }) => ({
      draft: summary({ revision: input.revision, state: 'queued' }),
      submission: { ...queuedEntry, revision: input.revision },
    }))
    const store = storeWith({ draftsSave: () => summary({ revision: 5, templateId: '9007199254741001' }), draftsSubmit: submit })
    store.edit([T, 'common_config', 'title'], 'x')
    await store.submit()
    expect(submit).toHaveBeenCalledWith({ draftId: DRAFT_ID, revision: 5 })
    expect(store.detail?.state).toBe('queued')
    expect(store.body.coupon_template?.id).toBe('9007199254741001')
  })
})
