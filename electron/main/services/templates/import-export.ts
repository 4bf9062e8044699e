import { toFieldIssues } from '@contract/api/issues'
import { INT64_FIELD_NAMES } from '@contract/api/primitives'
import { DraftBodySchema, type DraftBody } from '@contract/ipc/channels/templates'
import { AppError } from '@main/ipc/app-error'
import { TEMPLATE_UPDATE } from '@main/top/apis'
import { parseTopJson } from '@main/top/json'

/**
 * Drafts in and out as JSON text in the API's own shape. Import accepts what people have at
 * hand: a bare `CouponTemplateOperateRequest`, or the API's parameter map
 * `{"param_coupon_template_operate_request": ...}` whose value may itself be the JSON string
 * the gateway receives. Nothing is stored unless the whole text is understood.
 */

const INT64_FIELDS: ReadonlySet<string> = new Set(INT64_FIELD_NAMES)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Where the JSON syntax broke, when V8 says ("… at position 12 (line 2 column 5)"); 1-based. */
function syntaxPosition(error: unknown, text: string): { line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : ''
  const lineCol = /line (\d+) column (\d+)/.exec(message)
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) }
  const position = /at position (\d+)/.exec(message)
  if (!position) return undefined
  const before = text.slice(0, Number(position[1]))
  const lines = before.split('\n')
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }
}

/** A refusal of the imported text as a whole: the issue sits on the `text` field the user gave. */
function badText(key: string, params?: Record<string, string | number>): AppError {
  return new AppError('invalid-input', key, params, { issues: [{ path: ['text'], key, ...(params ? { params } : {}) }] })
}

/**
 * How deep an imported text may nest. A template is five levels deep (request → template →
 * config group → list → item); 64 leaves room for any hand-made variation, while a text nested
 * millions deep (a few megabytes of `[`) is refused before the recursive steps after parsing
 * (normalising, validation) would overflow the stack.
 */
export const MAX_IMPORT_DEPTH = 64

/** Whether `text` opens more than `limit` arrays or objects at once; one pass, strings skipped. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: the next character is escaped
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

function parseJson(text: string): unknown {
  if (nestsDeeperThan(text, MAX_IMPORT_DEPTH)) throw badText('templates.import.tooDeep', { max: MAX_IMPORT_DEPTH })
  try {
    // 64-bit ids past 2^53 come back as exact decimal text, not rounded numbers.
    return parseTopJson(text)
  } catch (error) {
    const at = syntaxPosition(error, text)
    throw at ? badText('templates.import.badJsonAt', at) : badText('templates.import.badJson')
  }
}

/**
 * JSON `null` means "not set" on the wire (the SDKs omit nulls): dropped. 64-bit ids written as
 * small JSON numbers become decimal text, the form the editor and the contract's output use
 * (big ones already arrive as text from `parseTopJson`). Everything else is kept as it is.
 */
function normalizeImported(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((v) => normalizeImported(v, key))
  if (isObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = normalizeImported(v, k)
    return out
  }
  if (INT64_FIELDS.has(key) && typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return value
}

/**
 * The draft body in `text`.
 * @throws AppError `invalid-input`: empty text, broken JSON (with line and column), or a shape
 *   that is not this API's (with each offending path)
 */
export function parseTemplateImport(text: string): DraftBody {
  if (text.trim() === '') throw badText('templates.import.empty')
  let value = parseJson(text.replace(/^\uFEFF/, ''))
  if (isObject(value) && TEMPLATE_UPDATE.param in value) {
    const inner = value[TEMPLATE_UPDATE.param]
    value = typeof inner === 'string' ? parseJson(inner) : inner
  }
  if (!isObject(value) || !isObject(value.coupon_template)) {
    throw badText('templates.import.notATemplate')
  }
  const cleaned = normalizeImported(value)
  const parsed = DraftBodySchema.safeParse(cleaned)
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error, cleaned)
    throw new AppError('invalid-input', 'templates.import.wrongShape', { count: issues.length }, { issues })
  }
  return parsed.data
}

const EXACT_INTEGER = /^-?\d{1,19}$/

/** `JSON.rawJSON` (V8 11.4+, Node 21+): lets a 64-bit id be written as a bare number digit for digit. */
const rawJSON = (text: string): unknown => (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(text)

/**
 * The draft as pretty JSON in the API's shape, ready for the platform's API tool or for import
 * on another PC. 64-bit ids are bare numbers like the SDKs send them, exact past 2^53.
 */
export function exportTemplateJson(body: DraftBody): string {
  return JSON.stringify(
    body,
    (key, value: unknown) => (INT64_FIELDS.has(key) && typeof value === 'string' && EXACT_INTEGER.test(value) ? rawJSON(value) : value),
    2,
  )
}

/** A file name a person can recognise: the title, then the template id if it has one. */
export function exportFileName(body: DraftBody): string {
  const template = body.coupon_template
  const title = typeof template?.common_config?.title === 'string' ? template.common_config.title.trim() : ''
  const id = template?.id
  const parts = [title || 'coupon-template', id !== undefined && id !== '' ? String(id) : undefined]
  // Characters Windows and macOS refuse in file names.
  const safe = parts
    .filter((p): p is string => p !== undefined)
    .join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_')
    .slice(0, 120)
  return `${safe}.json`
}
