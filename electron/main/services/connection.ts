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

/** Hands out the connection of the active profile; features never read the vault themselves. */
export interface ConnectionProvider {
  current(): Promise<Connection>
}
