/**
 * Each feature keeps its texts next to the others in `features/<name>.ts`, as
 * `export default defineMessages({ 'zh-CN': {...}, en: {...} })`. They are gathered here, so adding a
 * feature never means editing a shared table.
 */
export type MessageTree = { [key: string]: string | MessageTree }

export interface FeatureMessages<T extends MessageTree = MessageTree> {
  'zh-CN': T
  en: NoInfer<DeepStringShape<T>>
}

/** Same keys, any strings: English must cover exactly what Chinese covers. */
type DeepStringShape<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringShape<T[K]> }

export function defineMessages<T extends MessageTree>(messages: FeatureMessages<T>): FeatureMessages<T> {
  return messages
}

const modules = import.meta.glob<{ default: FeatureMessages }>('./features/*.ts', { eager: true })

export const featureMessages: FeatureMessages[] = Object.values(modules).map((m) => m.default)
