import type { DraftPath } from './draft-path'
import { SECTION_BY_ID, fieldLabelKey, sectionOf } from './field-specs'

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * A field's name as a person reads it, for the issue summary and the diff: "出资人列表 #2 · 出资比例",
 * "人群信息 · 平台人群", "优惠券名称". Paths the editor has no field for are shown as written.
 */
export function fieldPathLabel(t: Translate, path: DraftPath): string {
  const section = SECTION_BY_ID.get(sectionOf(path))
  const rest = section ? path.slice(section.base.length) : path
  if (section?.list && rest[0] === section.list.key) {
    const parts = [t(fieldLabelKey(section.list.key))]
    if (typeof rest[1] === 'number') parts[0] += ` #${rest[1] + 1}`
    if (typeof rest[2] === 'string') parts.push(t(fieldLabelKey(rest[2])))
    return parts.join(' · ')
  }
  if (section?.nested && rest[0] === section.nested.key) {
    return typeof rest[1] === 'string' ? `${t(section.nested.titleKey)} · ${t(fieldLabelKey(rest[1]))}` : t(section.nested.titleKey)
  }
  if (rest.length === 1 && typeof rest[0] === 'string') return t(fieldLabelKey(rest[0]))
  if (rest.length === 0 && section) return t(section.titleKey)
  return path.join('.')
}
