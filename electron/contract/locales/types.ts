/**
 * The shape a translation must have: the keys of the zh-CN catalogue, every leaf any string. A key
 * missing in a translation, or one zh-CN does not have, fails to compile.
 */
export type DeepStringRecord<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringRecord<T[K]> }

/** Every dotted leaf key of a message tree, e.g. `'top.error.signature'`. */
export type LeafKeys<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafKeys<T[K]>}`
}[keyof T & string]

/** The `{name}` placeholders of a message and their values. */
export type MessageParams = Record<string, string | number>
