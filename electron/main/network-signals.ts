import { net, powerMonitor } from 'electron'
import type { NetworkSignals } from './services/templates/os-network'

/**
 * Electron's view of the network for the template outbox: wake-ups from `powerMonitor` and
 * `net.isOnline()`. Deliberately nothing more: what to do with them lives in `OsNetworkMonitor`,
 * which is tested without Electron. Call after the app is ready (powerMonitor needs it).
 */
export function electronNetworkSignals(): NetworkSignals {
  return {
    onResume(listener) {
      powerMonitor.on('resume', listener)
      return () => {
        powerMonitor.off('resume', listener)
      }
    },
    isOnline: () => net.isOnline(),
  }
}
