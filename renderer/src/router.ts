import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

/** The places of the app, in the order a cashier needs them. */
export const NAV_ITEMS = [
  { path: '/redeem', name: 'redeem', labelKey: 'nav.redeem', icon: 'Tickets' },
  { path: '/history', name: 'history', labelKey: 'nav.history', icon: 'Clock' },
  { path: '/report', name: 'report', labelKey: 'nav.report', icon: 'DataAnalysis' },
  { path: '/templates', name: 'templates', labelKey: 'nav.templates', icon: 'Files' },
  { path: '/settings', name: 'settings', labelKey: 'nav.settings', icon: 'Setting' },
] as const

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/redeem' },
  { path: '/redeem', name: 'redeem', component: () => import('./redeem/RedeemView.vue') },
  { path: '/history', name: 'history', component: () => import('./history/HistoryView.vue') },
  { path: '/report', name: 'report', component: () => import('./report/ReportView.vue') },
  { path: '/templates', name: 'templates', component: () => import('./templates/TemplatesView.vue') },
  { path: '/settings', name: 'settings', component: () => import('./settings/SettingsView.vue') },
]

export function createAppRouter() {
  // Redeem is the counter's first screen: fetch it while the app boots rather than after the first
  // navigation resolves (the same module is handed to the route when it asks).
  void import('./redeem/RedeemView.vue')
  // Hash history: the page is served from app:// (or a file in tests), where there is no server to rewrite paths.
  return createRouter({ history: createWebHashHistory(), routes })
}
