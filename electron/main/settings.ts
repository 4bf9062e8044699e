import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { LocaleSchema } from '@contract/ipc/channels/app'

const SettingsSchema = z.object({
  locale: LocaleSchema.default('zh-CN'),
  /**
   * Where crash dumps are uploaded, if the store wants them to be (https only); set by hand in
   * settings.json. A value that is not such a URL is dropped, not allowed to reset the file.
   */
  crashReportUrl: z
    .url({ protocol: /^https$/ })
    .optional()
    .catch(undefined),
})
export type Settings = z.infer<typeof SettingsSchema>

/** Small user preferences (not secrets, not history) kept as JSON in the data folder. */
export function createSettingsStore(dataDir: string) {
  const file = join(dataDir, 'settings.json')
  let current: Settings = read()

  function read(): Settings {
    try {
      return SettingsSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
    } catch {
      // Missing or damaged: defaults are a fine answer for preferences.
      return SettingsSchema.parse({})
    }
  }

  return {
    get: (): Settings => current,
    update(patch: Partial<Settings>): Settings {
      current = SettingsSchema.parse({ ...current, ...patch })
      mkdirSync(dataDir, { recursive: true })
      // Owner only, like profiles.json: the rename carries the temp file's mode over.
      writeFileSync(`${file}.tmp`, JSON.stringify(current, null, 2), { mode: 0o600 })
      chmodSync(`${file}.tmp`, 0o600)
      renameSync(`${file}.tmp`, file)
      return current
    },
  }
}
export type SettingsStore = ReturnType<typeof createSettingsStore>
