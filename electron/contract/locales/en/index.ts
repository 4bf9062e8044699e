import type { DeepStringRecord } from '../types'
import type zhCN from '../zh-CN'
import app from './app'
import redemption from './redemption'
import report from './report'
import settings from './settings'
import shift from './shift'
import support from './support'
import templates from './templates'

/** English: every key of the zh-CN catalogue, file for file. */
export default {
  ...app,
  ...redemption,
  ...report,
  ...settings,
  ...shift,
  ...support,
  ...templates,
} satisfies DeepStringRecord<typeof zhCN>
