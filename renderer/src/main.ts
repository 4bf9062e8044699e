import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components come on demand (electron.vite.config.ts); what scripts call directly
// (messages, message boxes) brings its own styles here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './theme.css'
import App from './App.vue'
import { useApi } from './api'
import { createAppI18n, SAVED_APP_INFO, startInSavedLocale } from './i18n'
import { createAppRouter } from './router'
import { installErrorLogging } from './log'

async function boot(): Promise<void> {
  const i18n = createAppI18n()
  // typescript-eslint reads .vue modules without Vue's language tools, so it cannot type App.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
  const app = createApp(App)
  installErrorLogging(app)
  const router = createAppRouter()
  // Asked once: the first screen and the locale store both read the remembered locale from it.
  const saved = useApi().appInfo()
  app.use(createPinia()).use(i18n).use(router).provide(SAVED_APP_INFO, saved)
  await Promise.all([
    // The first screen in the remembered language (only zh-CN's texts are in this bundle).
    startInSavedLocale(i18n.global, () => saved),
    // And with its view: mounted before the first route resolved, the shell would be rendered
    // and laid out once empty and again with Redeem in it. A failed navigation is the router's
    // to report, as before; the app mounts anyway.
    router.isReady().catch(() => undefined),
  ])
  app.mount('#app')
}
void boot()
