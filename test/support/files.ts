import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The files below `dir` whose bytes contain any of `needles`, as UTF-8 or as UTF-16LE (Chromium
 * writes localStorage and IndexedDB values in one and sessionStorage in the other). Regular files
 * only: a folder may hold symlinks to nowhere (Chromium's Singleton* locks).
 */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const patterns = needles.flatMap((needle) => [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')])
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const bytes = readFileSync(file)
      return patterns.some((pattern) => bytes.includes(pattern))
    })
}
