import type { EventPublisher } from '@main/ipc/events'
import type { Vault } from '@main/vault/vault'
import type { Feature } from './feature'
import { testConnection } from './connection-test'
import type { createConnectionProvider } from './connection-provider'

type ProfileChannel = 'profiles.list' | 'profiles.save' | 'profiles.setActive' | 'profiles.remove' | 'profiles.testConnection'

/** How many items of work wait, per profile id (see `WaitingWork`). */
export type WaitingWorkCounts = () => Map<string, { templates: number; redemptions: number }>

/** Settings screen: profiles in the vault, and a side-effect-free check of their credentials. */
export function createProfilesFeature(
  vault: Vault,
  connections: ReturnType<typeof createConnectionProvider>,
  events: EventPublisher,
  waitingWork: WaitingWorkCounts = () => new Map(),
): Feature<ProfileChannel> {
  /** After any change, the window learns the new list (and so which profile is active now). */
  const changed = <T>(result: T): T => {
    events.emit('profiles.changed', () => ({ profiles: vault.list() }))
    return result
  }
  return {
    handlers: {
      'profiles.list': async () => vault.list(),
      'profiles.save': async (input) => changed(await vault.save(input)),
      'profiles.setActive': async ({ id }) => {
        const active = vault.setActive(id)
        // Switching never takes other profiles' work along: it waits for them, and the user is told.
        const counts = waitingWork()
        const waitingElsewhere = vault.list().flatMap((profile) => {
          const count = counts.get(profile.id)
          if (profile.id === active.id || !count || count.templates + count.redemptions === 0) return []
          return [{ profileId: profile.id, profileName: profile.name, builtIn: profile.builtIn, ...count }]
        })
        return changed({ ...active, waitingElsewhere })
      },
      'profiles.remove': async ({ id }) => {
        await vault.remove(id)
        return changed({ removed: true as const })
      },
      'profiles.testConnection': async (input) => {
        const id = input?.id ?? vault.active().id
        const profile = vault.list().find((p) => p.id === id)
        const client = await connections.clientFor(id)
        // A session can only be checked when there is one; the built-in sandbox always has it.
        return testConnection(client, { hasSession: profile?.builtIn === true || profile?.sessionKeySet === true })
      },
    },
  }
}
