import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Every file below a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name)
    return statSync(file).isDirectory() ? filesUnder(file) : [file]
  })
}

/** The files below `dir` whose bytes contain any of `needles` (as UTF-8 or as raw bytes). */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file)
    return needles.some((needle) => bytes.includes(Buffer.from(needle, 'utf8')))
  })
}
