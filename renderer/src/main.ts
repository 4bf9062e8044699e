import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components come on demand (electron.vite.config.ts); what scripts call directly
// (messages, message boxes) brings its own styles here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './theme.css'
import App from './App.vue'
import { useApi } from './api'
import { createAppI18n, startInSavedLocale } from './i18n'
import { createAppRouter } from './router'
import { installErrorLogging } from './log'

async function boot(): Promise<void> {
  const i18n = createAppI18n()
  // typescript-eslint reads .vue modules without Vue's language tools, so it cannot type App.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
  const app = createApp(App)
  installErrorLogging(app)
  app.use(createPinia()).use(i18n).use(createAppRouter())
  // The first screen in the remembered language (only zh-CN's texts are in this bundle). The
  // Redeem chunk is being fetched meanwhile, so in zh-CN this wait costs nothing.
  await startInSavedLocale(i18n.global, () => useApi().appInfo())
  app.mount('#app')
}
void boot()
