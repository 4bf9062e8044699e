import { methodName, type MethodName } from './method-name'

/**
 * Every invoke channel and every pushed event, as plain strings and nothing else. The preload
 * learns the names here, so it need not bundle zod and the schemas just to know what to expose;
 * `registry.ts` and `events.ts` fail to compile unless their keys are exactly these.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'app.setLocale',
  'profiles.list',
  'profiles.save',
  'profiles.setActive',
  'profiles.remove',
  'profiles.testConnection',
  'redeem.context',
  'redeem.demoVouchers',
  'redeem.submit',
  'redeem.progress',
  'redeem.reverse',
  'redeem.retryUnresolved',
  'redeem.startupReport',
  'redeem.resolve',
  'redeem.lookupVouchers',
  'history.query',
  'history.export',
  'shift.state',
  'shift.operators',
  'shift.saveOperator',
  'shift.removeOperator',
  'shift.signIn',
  'shift.lock',
  'shift.unlock',
  'shift.signOut',
  'shift.saveSettings',
  'shift.sessions',
  'shift.report',
  'shift.reportExport',
  'slip.print',
  'slip.printers',
  'drafts.list',
  'drafts.get',
  'drafts.create',
  'drafts.import',
  'drafts.save',
  'drafts.duplicate',
  'drafts.delete',
  'drafts.restore',
  'drafts.export',
  'drafts.submit',
  'drafts.resolveConflict',
  'drafts.terminate',
  'outbox.list',
  'outbox.cancel',
  'outbox.release',
  'templates.networkOnline',
  'log.write',
  'support.exportBundle',
  'support.info',
  'updates.status',
] as const
export type ChannelName = (typeof CHANNEL_NAMES)[number]

/** What main pushes to the window (webContents.send), each with a payload schema in events.ts. */
export const EVENT_NAMES = [
  'redeem.batchProgress',
  'redeem.startupReport',
  'outbox.changed',
  'network.changed',
  'profiles.changed',
] as const
export type EventName = (typeof EVENT_NAMES)[number]

export const isEventName = (name: string): name is EventName => (EVENT_NAMES as readonly string[]).includes(name)

/** The global name of the window API. */
export const API_GLOBAL = 'couponDesk'

/** Channel name for each window method; the preload and the browser bridge both build from this. */
export const METHOD_TO_CHANNEL: Readonly<Record<string, ChannelName>> = Object.fromEntries(CHANNEL_NAMES.map((c) => [methodName(c), c]))
export type { MethodName }

/** Compiles to `true` only when A and B are the same union: the registries use it against the lists above. */
export type SameNames<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
