import type { ReportInput, ShiftChannel } from '@contract/ipc/channels/shift'
import type { Feature, FeatureDeps } from '../feature'
import { buildReport, exportReport } from './report'
import { ShiftService } from './service'

export { shiftMigrations } from '@main/store/shift'

/**
 * The counter shift: the operator list, sign-in, lock and sign-out, and the store's counter
 * settings. The app database must be opened with `{ shift: shiftMigrations }`. The service is
 * also the `ShiftGate` the redemption and template features ask who is acting.
 */
export function createShiftFeature(
  deps: Pick<FeatureDeps, 'db' | 'now' | 'connection'>,
): Feature<ShiftChannel> & { service: ShiftService } {
  const service = new ShiftService(deps.db, deps.now)
  /** Reports cover the connection in use, as History does. */
  const report = async (input: ReportInput) =>
    buildReport(deps.db, service.store, (await deps.connection.current()).profileId, input, deps.now().getTime())
  return {
    service,
    handlers: {
      'shift.state': async () => service.state(),
      'shift.operators': async () => service.operators(),
      'shift.saveOperator': (input) => service.saveOperator(input),
      'shift.removeOperator': async ({ id }) => service.removeOperator(id),
      'shift.signIn': ({ operatorId, pin }) => service.signIn(operatorId, pin),
      'shift.lock': async () => service.lock(),
      'shift.unlock': ({ pin }) => service.unlock(pin),
      'shift.signOut': async () => service.signOut(),
      'shift.saveSettings': async (settings) => service.saveSettings(settings),
      'shift.sessions': async () => ({ sessions: service.store.sessions(50) }),
      'shift.report': (input) => report(input),
      'shift.reportExport': async ({ report: input, format, locale }) => exportReport(await report(input), format, locale),
    },
  }
}
