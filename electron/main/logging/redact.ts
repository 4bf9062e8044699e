/**
 * The one redaction step every log line passes, in main and from the renderer, before any file or
 * console sees it. Two nets, because either alone leaks:
 * - the secret values themselves (app secret, session key, whatever the vault has handed out), in
 *   every spelling a line might carry them: raw, URL-encoded (both `%20` and `+`), JSON-escaped,
 *   base64 — so a keychain error that quotes its value, or a request body dumped whole, is caught
 *   even with no field name beside it;
 * - anything that sits under a secret's field name (`sign=`, `session=`, `app_secret`,
 *   `"sessionKey":"…"`, `appSecret: '…'`, `\"sign\":\"…\"` inside a JSON string), and TOP-style
 *   signatures (32 or 64 upper-case hex digits) wherever they stand, so a value the vault never saw
 *   (a signature, a secret typed into a form that failed to save) is caught by its shape.
 */

export const REDACTED = '[redacted]'

/**
 * Field names whose values are secret: TOP's own (`sign`, `session`), the vault's
 * (`appSecret`, `sessionKey`) and the usual suspects. Compared without case, `_` or `-`.
 */
const SECRET_FIELDS = [
  'sign',
  'session',
  'sessionkey',
  'appsecret',
  'secret',
  'clientsecret',
  'accesstoken',
  'refreshtoken',
  'token',
  'password',
  'authorization',
]
const fieldName = SECRET_FIELDS.map((name) => name.split('').join('[_-]?')).join('|')

/** `name=value` in a query string or form body, up to the next separator. */
const QUERY_FIELD = new RegExp(`((?:^|[?&;\\s"'(,])(?:${fieldName})=)[^&\\s"'<>;,)]*`, 'gi')
/** `name: value`, `"name":"value"`, `'name': 'value'`, `\"name\":\"value\"` (JSON inside a string). */
const QUOTED_FIELD = new RegExp(`((?:\\\\?["'\`])?\\b(?:${fieldName})(?:\\\\?["'\`])?\\s*[:=]\\s*)(\\\\?["'\`])((?:(?!\\2).)*)\\2`, 'gi')
/** `name: value` unquoted (util.inspect of a number-like value, a header line). */
const BARE_FIELD = new RegExp(`(\\b(?:${fieldName})\\s*:\\s*)(?![\\s"'\`\\\\\\[{])[^\\s,;}\\]]+`, 'gi')
/** A TOP signature: md5 / hmac (32) or hmac-sha256 (64) upper-case hex digits. */
const SIGNATURE = /(?<![0-9A-Za-z])(?:[0-9A-F]{64}|[0-9A-F]{32})(?![0-9A-Za-z])/g

/** Shorter values are not redacted by value: a 3-character "secret" would blank half of every line. */
const MIN_SECRET_LENGTH = 6

export interface Redactor {
  /** Teach the redactor a secret value (the vault does, whenever it stores or hands one out). */
  remember(value: string | undefined): void
  redact(text: string): string
}

/** The spellings a secret value may take in a line of text. */
function spellings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1)
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    json,
    JSON.stringify(json).slice(1, -1),
    Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, ''),
  ]
}

export function createRedactor(): Redactor {
  const known = new Set<string>()
  /** Longest first, so a secret is replaced whole before any shorter one inside it. */
  let needles: string[] = []

  return {
    remember(value) {
      if (value === undefined || value.length < MIN_SECRET_LENGTH) return
      let added = false
      for (const spelling of spellings(value)) {
        if (spelling.length >= MIN_SECRET_LENGTH && !known.has(spelling)) {
          known.add(spelling)
          added = true
        }
      }
      if (added) needles = [...known].sort((a, b) => b.length - a.length)
    },
    redact(text) {
      let out = text
      for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED)
      return out
        .replace(QUOTED_FIELD, (_m, head: string, quote: string) => `${head}${quote}${REDACTED}${quote}`)
        .replace(QUERY_FIELD, (_m, head: string) => `${head}${REDACTED}`)
        .replace(BARE_FIELD, (_m, head: string) => `${head}${REDACTED}`)
        .replace(SIGNATURE, REDACTED)
    },
  }
}
