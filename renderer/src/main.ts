import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components come on demand (electron.vite.config.ts); what scripts call directly
// (messages, message boxes) brings its own styles here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './theme.css'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { installErrorLogging } from './log'

// typescript-eslint reads .vue modules without Vue's language tools, so it cannot type App.
// eslint-disable-next-line @typescript-eslint/no-unsafe-argument
const app = createApp(App)
installErrorLogging(app)
app.use(createPinia()).use(createAppI18n()).use(createAppRouter()).mount('#app')
