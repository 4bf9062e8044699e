import type zh from './zh-CN'

type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`
}[keyof T & string]

/** Every translatable key the TOP client can emit, e.g. `'top.error.signature'`. */
export type TopMessageKey = LeafKeys<typeof zh>

export type MessageParams = Record<string, string | number>
