import { createTopClient, type TopClient, type TopClientConfig } from '@main/top/client'
import type { ProfileView } from '@contract/profiles'
import { ProfileNotFoundError } from '@main/vault/errors'
import type { Credentials, Vault } from '@main/vault/vault'
import type { Connection, ConnectionProvider } from './connection'

/** Client settings that are not credentials (timeouts, retries, clock), shared by every profile. */
export type ClientTuning = Omit<TopClientConfig, 'gatewayUrl' | 'appKey' | 'appSecret' | 'signMethod' | 'session' | 'simplify'>

/**
 * Builds TOP clients from the vault, for the active profile or a named one, and keeps one per profile until its
 * credentials change: a client owns a keep-alive connection pool worth reusing between calls.
 */
export function createConnectionProvider(
  vault: Vault,
  tuning: ClientTuning = {},
): ConnectionProvider & {
  clientFor(profileId: string): Promise<TopClient>
} {
  const cache = new Map<string, { credentials: Credentials; client: TopClient }>()

  const sameCredentials = (a: Credentials, b: Credentials): boolean =>
    a.gatewayUrl === b.gatewayUrl &&
    a.appKey === b.appKey &&
    a.appSecret === b.appSecret &&
    a.sessionKey === b.sessionKey &&
    a.signMethod === b.signMethod &&
    a.simplify === b.simplify

  async function clientFor(profileId: string): Promise<TopClient> {
    const credentials = await vault.credentials(profileId)
    const cached = cache.get(profileId)
    if (cached && sameCredentials(cached.credentials, credentials)) return cached.client
    const client = createTopClient({
      ...tuning,
      gatewayUrl: credentials.gatewayUrl,
      appKey: credentials.appKey,
      appSecret: credentials.appSecret,
      signMethod: credentials.signMethod,
      simplify: credentials.simplify,
      ...(credentials.sessionKey ? { session: credentials.sessionKey } : {}),
    })
    cache.set(profileId, { credentials, client })
    return client
  }

  async function connectionOf(profile: ProfileView): Promise<Connection> {
    return {
      profileId: profile.id,
      profileName: profile.name,
      profileKind: profile.kind,
      gatewayUrl: profile.gatewayUrl,
      defaults: profile.defaults,
      client: await clientFor(profile.id),
    }
  }

  return {
    clientFor,
    current: () => connectionOf(vault.active()),
    async of(profileId) {
      const profile = vault.list().find((p) => p.id === profileId)
      if (!profile) throw new ProfileNotFoundError(profileId)
      return connectionOf(profile)
    },
    activeProfileId: () => vault.active().id,
  }
}
