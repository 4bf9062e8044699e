import type { Channel } from '@contract/ipc/registry'
import type { Handlers } from '../ipc/router'
import type { Logs } from '../logging/logs'
import type { Database } from '../store/db'
import type { ConnectionProvider } from './connection'

/** What every feature may use. Nothing here is Electron: the app and the browser-test host share it. */
export interface FeatureDeps {
  db: Database
  connection: ConnectionProvider
  dataDir: string
  now: () => Date
  /** The app's log (files in the app); tests that build features by hand may leave it out. */
  log?: Logs['main']
}

/** A slice of the app: the handlers of its channels, and work to do after start-up and before quit. */
export interface Feature<K extends Channel = Channel> {
  handlers: Pick<Handlers, K>
  /** Runs once all features exist (e.g. resolve redemptions left pending by a crash). */
  start?(): Promise<void>
  dispose?(): Promise<void>
}
