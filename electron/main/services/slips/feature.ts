import type { SlipChannel } from '@contract/ipc/channels/slips'
import type { Feature } from '../feature'
import { SlipService, type SlipDeps } from './service'

export { slipMigrations } from '@main/store/slips'

/**
 * Printed slips of redemptions, reversals and the day's report. The app database must be opened
 * with `{ slips: slipMigrations }` (beside the journal and the shift's tables, which it reads).
 */
export function createSlipFeature(deps: SlipDeps): Feature<SlipChannel> & { service: SlipService } {
  const service = new SlipService(deps)
  return {
    service,
    handlers: {
      'slip.print': (input) => service.print(input),
      'slip.printers': () => service.printers(),
    },
  }
}
