/**
 * The Content-Security-Policy of every page the app shows. Scripts only from the app itself; no eval,
 * no remote code; the page talks to main through the preload, so it needs no network at all.
 * `style-src 'unsafe-inline'` is required by Element Plus, which sets inline styles for positioning.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; frame-src 'none'"

/** The scheme the production renderer is served from (a standard, secure, non-file origin). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'coupon-desk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
