import { describe, expect, it } from 'vitest'
import { DRAFT_STATES, DraftBaseSchema, OutboxEntrySchema, templateChannels } from '@contract/ipc/channels/templates'
import { SECTIONS, fieldLabelKey } from '@renderer/templates/field-specs'
import { catalogues as messages } from '@contract/locales'

/** Every `templates.*` key the feature's code names (main's errors included) has a text in both languages. */
const sources = import.meta.glob(['../../../renderer/src/templates/**/*.{ts,vue}', '../../../electron/main/services/templates/*.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

const lookup = (tree: unknown, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree)

const OUTBOX_STATUSES = OutboxEntrySchema.options.flatMap((o) => {
  const status = o.shape.status
  return 'options' in status ? (status.options as string[]) : [status.value]
})

describe('template messages', () => {
  const channels = new Set<string>(Object.keys(templateChannels))
  const named = new Set(
    Object.values(sources)
      .flatMap((text) => [...text.matchAll(/'(templates\.[A-Za-z.]+[A-Za-z])'/g)].map((m) => m[1]!))
      .filter((key) => !channels.has(key)),
  )
  const families = [
    ...DRAFT_STATES.map((s) => `templates.state.${s}`),
    ...OUTBOX_STATUSES.map((s) => `templates.outbox.status.${s}`),
    ...['saved', 'pending', 'saving', 'error'].map((s) => `templates.editor.save.${s}`),
    ...['online', 'offline', 'unknown'].map((s) => `templates.network.${s}`),
    ...DraftBaseSchema.shape.kind.options.map((s) => `templates.diff.${s}`),
    ...['added', 'removed', 'changed'].map((s) => `templates.diff.${s}`),
    ...['byServer', 'byMine', 'byBoth'].map((s) => `templates.conflict.${s}`),
    ...['keptMine', 'tookServer'].map((s) => `templates.outbox.resolution.${s}`),
    ...['days', 'hours', 'minutes', 'seconds'].flatMap((u) => [`templates.units.${u}`, `templates.units.${u}Short`]),
    ...['notNumber', 'notWholeSeconds', 'tooLarge'].map((r) => `templates.units.durationPart.${r}`),
    // Section titles (plain), their API labels, and every field label, as the field table names them.
    ...SECTIONS.flatMap((s) => [s.titleKey, s.apiTitleKey, s.nested?.titleKey, s.nested?.apiTitleKey]),
    ...SECTIONS.flatMap((s) => [...s.fields, ...(s.nested?.fields ?? []), ...(s.list?.item ?? [])].map((f) => fieldLabelKey(f.key))),
  ].filter((key): key is string => key !== undefined)

  it('finds the keys in the code', () => {
    expect(named.size).toBeGreaterThan(50)
  })

  it.each(['zh-CN', 'en'] as const)('has a text for every key in %s', (locale) => {
    const missing = [...named, ...families].filter((key) => typeof lookup(messages[locale], key) !== 'string')
    expect(missing).toEqual([])
  })
})
