import { z } from 'zod'
import { channel } from '../channel'

export const LOCALES = ['zh-CN', 'en'] as const
export const LocaleSchema = z.enum(LOCALES)
export type Locale = z.infer<typeof LocaleSchema>

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  locale: LocaleSchema,
})

export const appChannels = {
  'app.info': channel(z.undefined(), AppInfoSchema),
  'app.setLocale': channel(z.object({ locale: LocaleSchema }), z.object({ locale: LocaleSchema })),
}
