import type { TopClient } from '@main/top/client'

/** The profile's defaults a cashier should not have to type on every redemption. */
export interface ProfileDefaults {
  shopId?: string
  brandId?: string
  operatorId?: string
  operatorName?: string
  /** Sent as out_brand_id / out_shop_id with every redemption and reversal. */
  outBrandId?: string
  outShopId?: string
  /** Further brands beside `brandId` that the cashier may choose on the Redeem screen. */
  brandChoices?: string[]
}

/** A ready-to-use TOP connection for the active profile. Secrets stay inside `client`. */
export interface Connection {
  readonly profileId: string
  readonly profileName: string
  readonly profileKind: 'sandbox' | 'production'
  /** Where the gateway is: the outbox probes it to tell when the network is back. */
  readonly gatewayUrl: string
  readonly defaults: ProfileDefaults
  readonly client: TopClient
}

/**
 * Hands out connections; features never read the vault themselves. New work is made under the
 * active profile (`current`, `activeProfileId`); work that waits or is resent goes out only through
 * the profile it was made under (`of`), whichever profile is active by then.
 */
export interface ConnectionProvider {
  current(): Promise<Connection>
  /** The connection of one profile, active or not. Rejects when the profile no longer exists. */
  of(profileId: string): Promise<Connection>
  /** The active profile's id, without touching the keychain (stamping new work needs no secret). */
  activeProfileId(): string
}
