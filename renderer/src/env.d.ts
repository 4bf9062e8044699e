/// <reference types="vite/client" />
import type { CouponDeskApi } from '@contract/ipc/registry'

declare global {
  interface Window {
    readonly couponDesk: CouponDeskApi
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
