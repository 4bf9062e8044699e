import { describe, expect, it, vi } from 'vitest'
import { SCAN_TARGET_ATTRIBUTE, SCAN_TARGET_VOUCHERS, createScannerWedge } from '@renderer/redeem/scanner-wedge'
import { checkLines, splitCodes } from '@renderer/redeem/voucher-lines'
import { manualClock } from './support'

function play(keys: readonly (string | [string, KeyboardEventInit])[], gapMs: number) {
  const clock = manualClock()
  const onScan = vi.fn()
  const wedge = createScannerWedge({ onScan, now: clock.now })
  const events = keys.map((k) => {
    const [key, init] = typeof k === 'string' ? [k, {}] : k
    clock.advance(gapMs)
    const event = new KeyboardEvent('keydown', { key, cancelable: true, ...init })
    wedge.onKeydown(event)
    return event
  })
  return { onScan, events }
}

const chars = (s: string) => [...s]

describe('scanner wedge timing', () => {
  it('a burst under 55 ms per key ending in Enter is a scan; its Enter is swallowed', () => {
    const { onScan, events } = play([...chars('880000000001'), 'Enter'], 20)
    expect(onScan).toHaveBeenCalledWith('880000000001')
    expect(events.at(-1)?.defaultPrevented).toBe(true)
  })

  it('a slow wireless scanner at 50 ms per key is still a scanner', () => {
    expect(play([...chars('880000000001'), 'Enter'], 50).onScan).toHaveBeenCalledWith('880000000001')
  })

  it('keys 56 ms apart are a person typing', () => {
    const { onScan, events } = play([...chars('880000000001'), 'Enter'], 56)
    expect(onScan).not.toHaveBeenCalled()
    expect(events.at(-1)?.defaultPrevented).toBe(false)
  })

  it('keeps capitals typed with Shift, and drops bursts broken by other keys or modifiers', () => {
    expect(play(['Shift', 'A', 'Shift', 'B', '1', '2', 'Enter'], 5).onScan).toHaveBeenCalledWith('AB12')
    expect(play(['1', '2', 'Backspace', '3', '4', 'Enter'], 5).onScan).not.toHaveBeenCalled()
    expect(play(['1', '2', '3', '4', ['Enter', { ctrlKey: true }]], 5).onScan).not.toHaveBeenCalled()
  })

  it('slow typing before a fast burst is not part of the code', () => {
    const clock = manualClock()
    const onScan = vi.fn()
    const wedge = createScannerWedge({ onScan, now: clock.now })
    const press = (key: string, gap: number) => {
      clock.advance(gap)
      wedge.onKeydown(new KeyboardEvent('keydown', { key, cancelable: true }))
    }
    press('x', 500)
    for (const c of '1234') press(c, 400) // a person
    press('6', 400) // the scan begins after a pause…
    for (const c of '7890') press(c, 10) // …and runs fast
    press('Enter', 10)
    expect(onScan).toHaveBeenCalledWith('67890')
  })

  it('one keystroke delivered late by a busy PC neither cuts nor drops the code', () => {
    const clock = manualClock()
    const onScan = vi.fn()
    const wedge = createScannerWedge({ onScan, now: clock.now })
    const press = (key: string, gap: number) => {
      clock.advance(gap)
      wedge.onKeydown(new KeyboardEvent('keydown', { key, cancelable: true }))
    }
    const code = '880000000001'
    ;[...code].forEach((c, i) => press(c, i === 6 ? 250 : 5)) // one 250 ms hiccup mid-scan
    press('Enter', 5)
    expect(onScan).toHaveBeenCalledWith(code)
  })

  it('typing at a steady 60 ms per key is still a person, even without any long pause', () => {
    expect(play([...chars('880000000001'), 'Enter'], 60).onScan).not.toHaveBeenCalled()
  })
})

describe('scanner wedge routing', () => {
  function scanWhileFocused(el: HTMLElement | null) {
    document.body.innerHTML = ''
    if (el) {
      document.body.append(el)
      el.focus()
    }
    const clock = manualClock()
    const onScan = vi.fn()
    const onFieldScan = vi.fn()
    const wedge = createScannerWedge({ onScan, onFieldScan, now: clock.now })
    for (const key of [...chars('880000000001'), 'Enter']) {
      clock.advance(5)
      wedge.onKeydown(new KeyboardEvent('keydown', { key, cancelable: true }))
    }
    return { onScan, onFieldScan }
  }
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}) => {
    const el = document.createElement(tag)
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value)
    return el
  }

  it('sends a scan to the list from the code box, or when no text field has the focus', () => {
    for (const el of [
      element('input', { [SCAN_TARGET_ATTRIBUTE]: SCAN_TARGET_VOUCHERS }),
      null,
      element('button'),
      element('input', { type: 'radio' }),
      element('input', { readonly: '' }),
    ]) {
      const { onScan, onFieldScan } = scanWhileFocused(el)
      expect(onScan).toHaveBeenCalledWith('880000000001')
      expect(onFieldScan).not.toHaveBeenCalled()
    }
  })

  it('leaves a scan in any other text field, and says so', () => {
    for (const el of [element('input'), element('input', { type: 'search' }), element('textarea')]) {
      const { onScan, onFieldScan } = scanWhileFocused(el)
      expect(onScan).not.toHaveBeenCalled()
      expect(onFieldScan).toHaveBeenCalledWith(el, '880000000001')
    }
    document.body.innerHTML = ''
  })

  it('a key typed with no text field focused asks for one first (not Space, which presses buttons)', () => {
    document.body.innerHTML = ''
    const box = element('input', { [SCAN_TARGET_ATTRIBUTE]: SCAN_TARGET_VOUCHERS })
    const button = element('button')
    document.body.append(box, button)
    button.focus()
    const claimFocus = vi.fn(() => box.focus())
    const wedge = createScannerWedge({ onScan: vi.fn(), claimFocus, now: manualClock().now })
    wedge.onKeydown(new KeyboardEvent('keydown', { key: ' ', cancelable: true }))
    expect(claimFocus).not.toHaveBeenCalled()
    wedge.onKeydown(new KeyboardEvent('keydown', { key: '8', cancelable: true }))
    expect(claimFocus).toHaveBeenCalledTimes(1)
    expect(document.activeElement).toBe(box)
    document.body.innerHTML = ''
  })
})

describe('voucher lines', () => {
  it('splits pasted text on any separator, full-width ones included', () => {
    expect(splitCodes(' A1\r\nB2,C3，D4；E5、 Ｆ６\t\n')).toEqual(['A1', 'B2', 'C3', 'D4', 'E5', 'F6'])
  })

  it('flags malformed, over-long and duplicate codes and bad points, with translatable keys', () => {
    const issues = checkLines([
      { uid: 1, code: 'A1', points: '' },
      { uid: 2, code: 'A 1', points: '' },
      { uid: 3, code: 'A1', points: '' },
      { uid: 4, code: 'x'.repeat(65), points: '' },
      { uid: 5, code: 'B2', points: '-5' },
      { uid: 6, code: 'B3', points: '1234567890' },
    ])
    expect(issues.has(1)).toBe(false)
    expect(issues.get(2)).toEqual([{ key: 'redemption.voucher.malformed', params: {} }])
    expect(issues.get(3)).toEqual([{ key: 'contract.voucher.duplicateId', params: { id: 'A1' } }])
    expect(issues.get(4)?.[0]).toMatchObject({ key: 'contract.tooLong', params: { limit: 64 } })
    expect(issues.get(5)).toEqual([{ key: 'contract.voucher.pointFormat', params: {} }])
    expect(issues.get(6)).toEqual([{ key: 'redemption.voucher.pointsTooLong', params: {} }])
  })
})
