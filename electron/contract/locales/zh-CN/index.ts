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

/**
 * Every text the user sees, in Simplified Chinese: the source of truth. One file per feature, each
 * holding its own top-level namespaces (no two files share one); `../en` mirrors it file for file.
 */
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
}
