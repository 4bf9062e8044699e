import { DEMO_TEMPLATE } from './demo-data'
import { ReplayCache } from './replay-cache'
import { idText, object, type FieldValue, type FieldValues } from './request-reader'

/**
 * The sandbox's coupon templates: what `alibaba.wdk.coupon.template.create` / `.update` write,
 * `.query` reads and `.terminate` ends. Templates are kept as bound from the requests (field names
 * and types of the template metadata); answers are shaped by each API's response metadata.
 *
 * Assumed where the metadata is silent: create answers a new `id` and `source_id` (both 64-bit);
 * update keeps `source_id` and the create-only fields (`max_effect_amount`, `exclude_item_rules`,
 * which update's metadata does not list); terminate finds the template by `source_id` (the only id
 * its request has), sets `common_config.status` to 0 (ENDING, "结束领取") and answers the
 * source_id as its `model`; a terminated template can be queried but no longer updated.
 * The err_codes are the sandbox's own: TOP publishes none for these APIs.
 */
/**
 * A template as bound from a request: a JSON object whose shape the metadata describes, not a
 * TypeScript type (the sandbox must not share the contract's). Read by path, as tests do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TemplateBody = Record<string, any>

export interface StoredTemplate {
  /** 64-bit id as decimal text. */
  readonly id: string
  readonly sourceId: string
  /** `coupon_template` as bound, with `id` and `source_id` set and no `unique_id`. */
  readonly template: TemplateBody
  readonly userInfo?: FieldValues
  /** 1 when created, +1 per applied update or outside edit. */
  readonly version: number
  readonly terminated: boolean
}

export const TEMPLATE_ERROR = {
  NOT_FOUND: { code: 'TEMPLATE_NOT_FOUND', msg: '模板不存在' },
  PARAM_ERROR: { code: 'PARAM_ERROR', msg: '参数错误' },
  TERMINATED: { code: 'TEMPLATE_TERMINATED', msg: '模板已终止' },
} as const

/** `ApiResult`: `model` is `{id, source_id}` for create, text for update and terminate, `{coupon_template}` for query. */
export type ApiResult = { success: true; model: FieldValue } | { success: false; err_code: string; err_msg: string }

export type TemplateOutcome = { result: ApiResult; replayed: boolean }

/**
 * Whether this app may call the query API. The real gateway may not know the method (code 22) or
 * not grant it to the app (code 11); the sandbox can play both so the outbox's fallback is testable.
 */
export type QueryAccess = 'granted' | 'unknown-method' | 'no-permission'

/** New ids start above 2^53 so a client that rounds ids breaks on its first template. */
const FIRST_NEW_ID = 9007199254741001n
const FIRST_NEW_SOURCE_ID = 9007199254900001n
/** common_config.status: ENDING(0, "结束领取"). */
const STATUS_ENDING = 0

export class TemplateStore {
  readonly #templates = new Map<string, StoredTemplate>()
  readonly #applications = new Map<string, number>()
  readonly #replays = new ReplayCache<ApiResult>()
  #nextId = FIRST_NEW_ID
  #nextSourceId = FIRST_NEW_SOURCE_ID
  #queryAccess: QueryAccess = 'granted'

  constructor(seed: readonly FieldValues[] = [structuredClone(DEMO_TEMPLATE)]) {
    for (const template of seed) {
      const id = idText(template, 'id') ?? this.#newId()
      const sourceId = idText(template, 'source_id') ?? this.#newSourceId()
      this.#save({ id, sourceId, template, version: 1, terminated: false })
    }
  }

  /** `template.create`: `coupon_template` without an id. A repeated `unique_id` gets the first answer. */
  create(request: FieldValues): TemplateOutcome {
    return this.#once(request, (template, userInfo) => {
      if (template.id !== undefined) return failure(TEMPLATE_ERROR.PARAM_ERROR, 'coupon_template.id 创建时须为空')
      const id = this.#newId()
      const sourceId = this.#newSourceId()
      this.#save({ id, sourceId, template, userInfo, version: 1, terminated: false })
      return { success: true, model: { id: BigInt(id), source_id: BigInt(sourceId) } }
    })
  }

  /**
   * `template.update`: replaces the template with this `id`. TOP's update needs an id ("创建时为空" is
   * create's); `createWithoutId` plays a gateway that creates instead, for clients that predate create.
   */
  update(request: FieldValues, options: { createWithoutId: boolean } = { createWithoutId: false }): TemplateOutcome {
    return this.#once(request, (template, userInfo) => {
      const id = idText(template, 'id')
      if (id === undefined) {
        if (!options.createWithoutId) return failure(TEMPLATE_ERROR.PARAM_ERROR, 'coupon_template.id 不能为空')
        const newId = this.#newId()
        this.#save({ id: newId, sourceId: this.#newSourceId(), template, userInfo, version: 1, terminated: false })
        return { success: true, model: newId }
      }
      const stored = this.#templates.get(id)
      if (!stored) return failure(TEMPLATE_ERROR.NOT_FOUND, `id=${id}`)
      if (stored.terminated) return failure(TEMPLATE_ERROR.TERMINATED, `id=${id}`)
      const kept = createOnlyFields(stored.template)
      const conditions = { ...object(template, 'condition_config'), ...kept }
      const next = { ...template, ...(Object.keys(conditions).length > 0 ? { condition_config: conditions } : {}) }
      this.#save({ ...stored, template: next, userInfo: userInfo ?? stored.userInfo, version: stored.version + 1 })
      return { success: true, model: id }
    })
  }

  /** `template.query` by `id` or `source_id`: the stored template, or a business failure. */
  query(request: FieldValues): ApiResult {
    const stored = this.#find(request)
    if (!stored) return failure(TEMPLATE_ERROR.NOT_FOUND, describeIds(request))
    return { success: true, model: { coupon_template: stored.template } }
  }

  /** `template.terminate` by `source_id`. Ending an ended template again is answered as done. */
  terminate(request: FieldValues): ApiResult {
    const sourceId = idText(request, 'source_id')
    if (sourceId === undefined) return failure(TEMPLATE_ERROR.PARAM_ERROR, 'source_id 不能为空')
    const stored = this.#find({ source_id: BigInt(sourceId) })
    if (!stored) return failure(TEMPLATE_ERROR.NOT_FOUND, `source_id=${sourceId}`)
    if (!stored.terminated) {
      const common = { ...object(stored.template, 'common_config'), status: STATUS_ENDING }
      this.#save({ ...stored, template: { ...stored.template, common_config: common }, version: stored.version + 1, terminated: true })
    }
    return { success: true, model: sourceId }
  }

  get queryAccess(): QueryAccess {
    return this.#queryAccess
  }

  /** Training and tests: make the query API unknown or not granted, as on a real gateway. */
  setQueryAccess(access: QueryAccess): void {
    this.#queryAccess = access
  }

  /**
   * Changes a stored template the way another PC or the platform console would: outside this
   * app's outbox, with no unique_id of ours. Tests and training use it to produce a conflict.
   * @throws Error when there is no template with this id
   */
  editElsewhere(id: string, edit: (template: TemplateBody) => TemplateBody): StoredTemplate {
    const stored = this.#templates.get(id)
    if (!stored) throw new Error(`no sandbox template ${id}`)
    const changed = { ...stored, template: edit(structuredClone(stored.template)), version: stored.version + 1 }
    return this.#save(changed)
  }

  get(id: string): StoredTemplate | undefined {
    return this.#templates.get(id)
  }

  all(): StoredTemplate[] {
    return [...this.#templates.values()]
  }

  /** How many times a request with this `unique_id` changed the store: exactly-once checks. */
  applicationsOf(uniqueId: string): number {
    return this.#applications.get(uniqueId) ?? 0
  }

  #once(request: FieldValues, apply: (template: FieldValues, userInfo: FieldValues | undefined) => ApiResult): TemplateOutcome {
    const template = object(request, 'coupon_template') ?? {}
    const userInfo = object(request, 'user_info')
    const uniqueId = typeof template.unique_id === 'string' ? template.unique_id : undefined
    if (uniqueId !== undefined) {
      const seen = this.#replays.lookup(uniqueId)
      if (seen) return { result: seen, replayed: true }
    }
    const result = apply(template, userInfo)
    if (uniqueId !== undefined) {
      this.#replays.remember(uniqueId, result)
      if (result.success) this.#applications.set(uniqueId, this.applicationsOf(uniqueId) + 1)
    }
    return { result, replayed: false }
  }

  #find(request: FieldValues): StoredTemplate | undefined {
    const id = idText(request, 'id')
    const sourceId = idText(request, 'source_id')
    if (id !== undefined) {
      const stored = this.#templates.get(id)
      return stored && (sourceId === undefined || stored.sourceId === sourceId) ? stored : undefined
    }
    return sourceId === undefined ? undefined : this.all().find((t) => t.sourceId === sourceId)
  }

  #save(entry: Omit<StoredTemplate, 'template'> & { template: FieldValues; userInfo?: FieldValues | undefined }): StoredTemplate {
    const { unique_id: _key, ...rest } = entry.template
    const { userInfo, ...fields } = entry
    const stored: StoredTemplate = {
      ...fields,
      template: { ...rest, id: BigInt(entry.id), source_id: BigInt(entry.sourceId) },
      ...(userInfo ? { userInfo } : {}),
    }
    this.#templates.set(entry.id, stored)
    return stored
  }

  #newId(): string {
    return (this.#nextId++).toString()
  }

  #newSourceId(): string {
    return (this.#nextSourceId++).toString()
  }
}

function createOnlyFields(template: FieldValues): FieldValues {
  const conditions = object(template, 'condition_config') ?? {}
  const kept: FieldValues = {}
  for (const name of ['max_effect_amount', 'exclude_item_rules']) {
    const value = conditions[name]
    if (value !== undefined) kept[name] = value
  }
  return kept
}

function describeIds(request: FieldValues): string {
  const parts = ['id', 'source_id'].flatMap((name) => {
    const value = idText(request, name)
    return value === undefined ? [] : [`${name}=${value}`]
  })
  return parts.length > 0 ? parts.join(' ') : 'id / source_id 不能同时为空'
}

export function failure(error: { code: string; msg: string }, detail: string): ApiResult {
  return { success: false, err_code: error.code, err_msg: `${error.msg}：${detail}` }
}
