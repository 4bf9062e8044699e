import type { FieldIssue } from '../../contract/api/issues'
import {
  CouponTemplateOperateRequestSchema,
  type ApiResult,
  type CouponTemplate,
  type CouponTemplateOperateRequest,
  type TemplateQueryResult,
  type UserInfo,
} from '../../contract/api/template'
import { DEMO_TEMPLATE_REQUEST } from './demo-data'
import { ReplayCache } from './replay-cache'

/**
 * The sandbox's coupon templates: what `alibaba.wdk.coupon.template.update` acts on and
 * `alibaba.wdk.coupon.template.query` reads (the latter's shape is assumed, see the contract).
 */

export interface StoredTemplate {
  /** 64-bit id as a decimal string. */
  readonly id: string
  readonly template: CouponTemplate
  readonly userInfo?: UserInfo
  /** 1 when created, +1 per applied update. */
  readonly version: number
}

export const TEMPLATE_ERROR = {
  NOT_FOUND: { code: 'TEMPLATE_NOT_FOUND', msg: '模板不存在' },
  PARAM_ERROR: { code: 'PARAM_ERROR', msg: '参数错误' },
} as const

export type TemplateOutcome = { kind: 'done'; result: ApiResult; replayed: boolean } | { kind: 'conflict' }

/**
 * Whether this app may call the query API. The real gateway may not know the method (code 22) or
 * not grant it to the app (code 11); the sandbox can play both so the outbox's fallback is testable.
 */
export type QueryAccess = 'granted' | 'unknown-method' | 'no-permission'

/** New ids start above 2^53 so a client that rounds ids breaks on its first template. */
const FIRST_NEW_ID = 9007199254741001n

export class TemplateStore {
  readonly #templates = new Map<string, StoredTemplate>()
  readonly #applications = new Map<string, number>()
  readonly #replays = new ReplayCache<ApiResult>()
  #nextId = FIRST_NEW_ID
  #queryAccess: QueryAccess = 'granted'

  constructor(seed: readonly CouponTemplateOperateRequest[] = [CouponTemplateOperateRequestSchema.parse(DEMO_TEMPLATE_REQUEST)]) {
    for (const request of seed) this.#save(request.coupon_template.id ?? this.#newId(), request, 1)
  }

  /**
   * Creates (no `id`) or replaces (known `id`) a template. With a `unique_id`, a repeat of the
   * same request gets the first answer back and is not applied again.
   */
  update(req: CouponTemplateOperateRequest): TemplateOutcome {
    const uniqueId = req.coupon_template.unique_id
    if (uniqueId === undefined) return { kind: 'done', result: this.#apply(req), replayed: false }

    const seen = this.#replays.lookup(uniqueId, req)
    if (seen.kind === 'replay') return { kind: 'done', result: seen.response, replayed: true }
    if (seen.kind === 'conflict') return { kind: 'conflict' }
    const result = this.#apply(req)
    this.#replays.remember(uniqueId, req, result)
    if (result.success) this.#applications.set(uniqueId, this.applicationsOf(uniqueId) + 1)
    return { kind: 'done', result, replayed: false }
  }

  /** `alibaba.wdk.coupon.template.query`: the stored template as the server holds it. */
  query(id: string): TemplateQueryResult {
    const stored = this.#templates.get(id)
    if (!stored) return failure(TEMPLATE_ERROR.NOT_FOUND.code, `${TEMPLATE_ERROR.NOT_FOUND.msg}：id=${id}`)
    return { success: true, model: stored.template }
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
  editElsewhere(id: string, edit: (template: CouponTemplate) => CouponTemplate): StoredTemplate {
    const stored = this.#templates.get(id)
    if (!stored) throw new Error(`no sandbox template ${id}`)
    const { unique_id: _theirs, ...template } = edit(structuredClone(stored.template))
    const changed: StoredTemplate = { ...stored, template: { ...template, id }, version: stored.version + 1 }
    this.#templates.set(id, changed)
    return changed
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

  #apply(req: CouponTemplateOperateRequest): ApiResult {
    const requestedId = req.coupon_template.id
    const existing = requestedId === undefined ? undefined : this.#templates.get(requestedId)
    if (requestedId !== undefined && !existing) {
      return failure(TEMPLATE_ERROR.NOT_FOUND.code, `${TEMPLATE_ERROR.NOT_FOUND.msg}：id=${requestedId}`)
    }
    const id = requestedId ?? this.#newId()
    this.#save(id, req, (existing?.version ?? 0) + 1)
    return { success: true, model: id }
  }

  #save(id: string, req: CouponTemplateOperateRequest, version: number): void {
    this.#templates.set(id, {
      id,
      template: { ...req.coupon_template, id },
      ...(req.user_info ? { userInfo: req.user_info } : {}),
      version,
    })
  }

  #newId(): string {
    return (this.#nextId++).toString()
  }
}

/** The business answer to a request that breaks cross-field rules: names each field and rule. */
export function paramErrorResult(issues: readonly FieldIssue[]): ApiResult {
  const fields = issues.map((issue) => `${issue.path.join('.')}（${issue.key}）`).join('；')
  return failure(TEMPLATE_ERROR.PARAM_ERROR.code, `${TEMPLATE_ERROR.PARAM_ERROR.msg}：${fields}`)
}

function failure(errCode: string, errMsg: string): { success: false; err_code: string; err_msg: string } {
  return { success: false, err_code: errCode, err_msg: errMsg }
}
