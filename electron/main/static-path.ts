import { isAbsolute, join, normalize, relative } from 'node:path'

/** Resolves a request path inside a folder of static files, or undefined when it would escape it. */
export function resolveInside(rootDir: string, requestPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(requestPath)
  } catch {
    return undefined // malformed escapes are not a file name
  }
  const candidate = normalize(join(rootDir, decoded === '/' ? 'index.html' : decoded))
  const rel = relative(rootDir, candidate)
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined
  return candidate
}
