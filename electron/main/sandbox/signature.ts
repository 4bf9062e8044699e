import { createHash, createHmac } from 'node:crypto'

/**
 * The gateway's own signature check, written from the protocol notes (`top-protocol.md`, "Signing")
 * rather than shared with the client, so the two can disagree when one of them is wrong:
 *   1. every received parameter except `sign` (file parts never reach here);
 *   2. sorted by name in ASCII order, `name + value` concatenated, UTF-8;
 *   3. md5: MD5(secret + s + secret); hmac: HMAC-MD5(secret, s); hmac-sha256: HMAC-SHA256(secret, s);
 *   4. uppercase hex. The received `sign` is compared as it is: lowercase hex is a wrong signature.
 */
export const GATEWAY_SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const
export type GatewaySignMethod = (typeof GATEWAY_SIGN_METHODS)[number]

export function isGatewaySignMethod(value: string): value is GatewaySignMethod {
  return (GATEWAY_SIGN_METHODS as readonly string[]).includes(value)
}

export function expectedSignature(params: Readonly<Record<string, string>>, secret: string, method: GatewaySignMethod): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const text = names.map((name) => name + params[name]).join('')
  const digest =
    method === 'md5'
      ? createHash('md5').update(secret + text + secret, 'utf8')
      : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret).update(text, 'utf8')
  return digest.digest('hex').toUpperCase()
}

/** Case-sensitive: TOP's signatures are uppercase hex, and that is what is compared. */
export function signatureMatches(params: Readonly<Record<string, string>>, secret: string, method: GatewaySignMethod): boolean {
  return params.sign === expectedSignature(params, secret, method)
}
