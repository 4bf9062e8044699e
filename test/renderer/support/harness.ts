import { afterAll, beforeAll } from 'vitest'
import { DOMWrapper, mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import type { Component } from 'vue'
import type { Locale } from '@contract/ipc/channels/app'
import { eventRegistry, type EventInput, type EventName } from '@contract/ipc/events'
import { catalogues } from '@contract/locales'
import { setApi, type Api } from '@renderer/api'
import { createAppI18n } from '@renderer/i18n'
import { createAppRouter } from '@renderer/router'

/** Listeners the fake API's `on` took, for `pushEvent`. */
const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>()

/**
 * Plays main pushing an event: parsed against its schema as the real `useApi().on` does, then
 * handed to every listener the screen registered.
 */
export function pushEvent<E extends EventName>(event: E, payload: EventInput<E>): void {
  const parsed = eventRegistry[event].parse(payload)
  for (const listener of [...(eventListeners.get(event) ?? [])]) listener(parsed)
}

/**
 * A fake of the unwrapped window API: tests give the methods they need, the rest fail loudly;
 * `on` is always there (test code pushes with `pushEvent`).
 */
export function fakeApi(methods: Partial<Record<Exclude<keyof Api, 'on'>, (...args: never[]) => unknown>>): Api {
  return new Proxy({} as Api, {
    get(_t, name: string) {
      if (name === 'on') {
        return (event: EventName, listener: (payload: unknown) => void) => {
          const set = eventListeners.get(event) ?? new Set()
          set.add(listener)
          eventListeners.set(event, set)
          return () => void set.delete(listener)
        }
      }
      const fn = (methods as Record<string, (...args: unknown[]) => unknown>)[name]
      if (!fn) return () => Promise.reject(new Error(`fake API has no ${name}`))
      return async (...args: unknown[]) => fn(...args)
    },
  })
}

export async function mountWithApp(
  component: Component,
  options: { api?: Api; locale?: Locale; route?: string; props?: Record<string, unknown>; provide?: Record<symbol, unknown> } = {},
): Promise<VueWrapper> {
  setApi(options.api ?? fakeApi({}), false)
  const locale = options.locale ?? 'zh-CN'
  // A fresh app: the stores of earlier tests are gone, and so are their listeners.
  eventListeners.clear()
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter()
  await router.push(options.route ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    // Only the starting locale's texts, as in the app: switching to another loads it on demand.
    global: {
      plugins: [pinia, createAppI18n(locale, { [locale]: catalogues[locale] }), router, ElementPlus],
      ...(options.provide ? { provide: options.provide } : {}),
    },
  })
  await flushPromises()
  return wrapper
}

/** The whole page, for what Element Plus teleports out of the component (dialogs, message boxes, popups). */
export function page(): DOMWrapper<Element> {
  return new DOMWrapper(document.body)
}

/** The newest message box: Element Plus leaves closed ones in the DOM for a while. */
export const messageBox = (): HTMLElement | null => [...document.querySelectorAll<HTMLElement>('.el-message-box')].at(-1) ?? null

/** Clicks the newest message box's confirm (primary) or cancel button. */
export async function clickBoxButton(kind: 'confirm' | 'cancel'): Promise<void> {
  const buttons = [...messageBox()!.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
  const button = kind === 'confirm' ? buttons.find((b) => b.classList.contains('el-button--primary')) : buttons[0]
  button!.click()
  await flushPromises()
}

/**
 * For the calling file's tests: el-table-v2 sizes itself with a ResizeObserver and renders only
 * the rows that fit, and happy-dom has no layout, so the observer reports a screen-sized box at once.
 */
export function useScreenSizedObserver(): void {
  let real: typeof ResizeObserver
  beforeAll(() => {
    real = globalThis.ResizeObserver
    class SizedObserver {
      constructor(private readonly callback: ResizeObserverCallback) {}
      observe(target: Element): void {
        const contentRect = { width: 1400, height: 800 } as DOMRectReadOnly
        this.callback([{ target, contentRect } as ResizeObserverEntry], this)
      }
      unobserve(): void {}
      disconnect(): void {}
    }
    globalThis.ResizeObserver = SizedObserver
  })
  afterAll(() => {
    globalThis.ResizeObserver = real
  })
}
