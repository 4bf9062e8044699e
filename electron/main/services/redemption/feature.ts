import type { RedemptionChannel } from '@contract/ipc/channels/redemption'
import type { Feature, FeatureDeps } from '../feature'
import { RedemptionService, type RedemptionOptions } from './service'

export { journalMigrations } from '@main/store/journal'

/**
 * Redeem, reverse, recover and browse history. The app database must be opened with
 * `{ journal: journalMigrations }`. `start()` resolves what the last run left unresolved;
 * `dispose()` cuts calls under way short (they are resolved at the next start).
 */
export function createRedemptionFeature(
  deps: FeatureDeps,
  options: RedemptionOptions = {},
): Feature<RedemptionChannel> & { service: RedemptionService } {
  const service = new RedemptionService(deps, options)
  return {
    service,
    handlers: {
      'redeem.context': () => service.context(),
      'redeem.demoVouchers': () => service.demoVouchers(),
      'redeem.lookupVouchers': ({ customerId }) => service.lookupVouchers(customerId),
      'redeem.submit': (input) => service.submit(input),
      'redeem.progress': async ({ batchId }) => service.progress(batchId),
      'redeem.reverse': (input) => service.reverse(input),
      'redeem.retryUnresolved': (input) => service.retry(input?.entryIds),
      'redeem.startupReport': async () => service.startupReport(),
      'redeem.resolve': (input) => service.resolve(input),
      'history.query': (input) => service.history(input),
      'history.export': (input) => service.exportHistory(input),
    },
    start: () => service.start(),
    dispose: () => service.dispose(),
  }
}
