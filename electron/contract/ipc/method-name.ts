/**
 * Channels are dotted (`history.query`) so logs group them by feature; the window API exposes
 * them as camelCase methods (`historyQuery`). One function, used by the preload, the browser
 * bridge and the types, so the two spellings can never drift apart.
 */
export type MethodName<C extends string> = C extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<MethodName<Tail>>}` : C

export function methodName<C extends string>(channel: C): MethodName<C> {
  return channel.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) as MethodName<C>
}
