import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './theme.css'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { installErrorLogging } from './log'

const app = createApp(App)
installErrorLogging(app)
app.use(createPinia()).use(createAppI18n()).use(createAppRouter()).use(ElementPlus).mount('#app')
