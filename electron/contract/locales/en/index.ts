import type { DeepStringRecord } from '../types'
import type zhCN from '../zh-CN'
import app from './app'
import contract from './contract'
import enums from './enums'
import redemption from './redemption'
import report from './report'
import settings from './settings'
import shift from './shift'
import slip from './slip'
import support from './support'
import templates from './templates'
import top from './top'
import vault from './vault'

/** English: every key of the zh-CN catalogue, file for file. */
export default {
  ...app,
  ...contract,
  ...enums,
  ...redemption,
  ...report,
  ...settings,
  ...shift,
  ...slip,
  ...support,
  ...templates,
  ...top,
  ...vault,
} satisfies DeepStringRecord<typeof zhCN>
