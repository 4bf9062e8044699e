import { startSandboxGateway, type SandboxGateway, type SandboxGatewayOptions } from '@main/sandbox/gateway'
import type { Connection, ConnectionProvider, ProfileDefaults } from '@main/services/connection'
import { createTopClient, type TopClientConfig } from '@main/top/client'

export interface SandboxConnection {
  gateway: SandboxGateway
  provider: ConnectionProvider
  connection: Connection
  stop(): Promise<void>
}

/**
 * A real sandbox gateway on a random loopback port and a real TOP client signed with its
 * credentials, as the app's training profile would have. Retries are quick so fault tests stay fast.
 */
export async function startSandboxConnection(
  options: { gateway?: SandboxGatewayOptions; client?: Partial<TopClientConfig>; defaults?: ProfileDefaults } = {},
): Promise<SandboxConnection> {
  const gateway = await startSandboxGateway(options.gateway)
  const client = createTopClient({
    gatewayUrl: gateway.url,
    appKey: gateway.credentials.appKey,
    appSecret: gateway.credentials.appSecret,
    session: gateway.credentials.sessionKey,
    signMethod: 'hmac-sha256',
    timeoutMs: 2_000,
    backoffMs: 10,
    maxBanWaitSeconds: 2,
    ...options.client,
  })
  const connection: Connection = {
    profileId: 'sandbox',
    profileName: '沙箱（培训模式）',
    profileKind: 'sandbox',
    gatewayUrl: gateway.url,
    defaults: options.defaults ?? { shopId: 'S001', operatorId: 'OP001', operatorName: '店长' },
    client,
  }
  return {
    gateway,
    connection,
    provider: providerOf(connection),
    stop: () => gateway.stop(),
  }
}

/**
 * A provider over fixed connections, the first active unless `active()` says otherwise: `of`
 * hands out each profile's own connection, as the app's provider does from the vault.
 */
export function providerOf(
  connections: Connection | readonly Connection[],
  active: () => string = () => (Array.isArray(connections) ? connections[0]!.profileId : (connections as Connection).profileId),
): ConnectionProvider {
  const all: readonly Connection[] = Array.isArray(connections) ? connections : [connections as Connection]
  const of = async (profileId: string) => {
    const found = all.find((c) => c.profileId === profileId)
    if (!found) throw new Error(`no profile ${profileId} in this test`)
    return found
  }
  return { current: () => of(active()), of, activeProfileId: active }
}
