import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import type { Locale } from '@contract/ipc/channels/app'
import type { SlipPrintInput } from '@contract/ipc/channels/slips'
import { useApi } from '../api'
import { describeError } from './errors'

/** Which slip to print; main adds the rest (what it says, whether it is a copy, where it goes). */
export type SlipTarget = SlipPrintInput extends infer T ? (T extends unknown ? Omit<T, 'locale' | 'copy'> : never) : never

/**
 * Prints a slip from any screen, in the language on screen, and says how it went: printed,
 * printed as a copy (a reprint), the dialog closed, or why it failed.
 */
export function useSlipPrinter() {
  const { t, locale } = useI18n()
  const printing = ref(false)

  async function print(target: SlipTarget): Promise<boolean> {
    printing.value = true
    try {
      const result = await useApi().slipPrint({ ...target, locale: locale.value as Locale })
      if (!result.printed) ElMessage.info(t('slip.action.cancelled'))
      else ElMessage.success(t(result.copy ? 'slip.action.printedCopy' : 'slip.action.printed'))
      return result.printed
    } catch (error) {
      ElMessage.error(`${t('slip.action.failed')}: ${describeError(t, error)}`)
      return false
    } finally {
      printing.value = false
    }
  }

  return { print, printing }
}
