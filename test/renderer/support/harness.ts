import { DOMWrapper, mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import type { Component } from 'vue'
import type { Locale } from '@contract/ipc/channels/app'
import { setApi, type Api } from '@renderer/api'
import { createAppI18n } from '@renderer/i18n'
import { createAppRouter } from '@renderer/router'

/** A fake of the unwrapped window API: tests give the methods they need, the rest fail loudly. */
export function fakeApi(methods: Partial<Record<keyof Api, (...args: never[]) => unknown>>): Api {
  return new Proxy({} as Api, {
    get(_t, name: string) {
      const fn = (methods as Record<string, (...args: unknown[]) => unknown>)[name]
      if (!fn) return () => Promise.reject(new Error(`fake API has no ${name}`))
      return async (...args: unknown[]) => fn(...args)
    },
  })
}

export async function mountWithApp(
  component: Component,
  options: { api?: Api; locale?: Locale; route?: string; props?: Record<string, unknown> } = {},
): Promise<VueWrapper> {
  setApi(options.api ?? fakeApi({}), false)
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter()
  await router.push(options.route ?? '/')
  await router.isReady()
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: { plugins: [pinia, createAppI18n(options.locale ?? 'zh-CN'), router, ElementPlus] },
  })
  await flushPromises()
  return wrapper
}

/** The whole page, for what Element Plus teleports out of the component (dialogs, message boxes, popups). */
export function page(): DOMWrapper<Element> {
  return new DOMWrapper(document.body)
}
