import { resolve } from 'node:path'
import type { Plugin } from 'vite'

/**
 * Candidate patches to the renderer, applied at build time by a Vite plugin so they can be
 * measured against the tree as it is without touching a source file (the files belong to their
 * authors; bench/README.md says which patch was proposed and what it measured).
 * Each edit replaces an exact snippet; a snippet that is no longer there fails the build, so a
 * stale patch cannot be measured by accident.
 */
export interface Edit {
  /** Repository-relative path. */
  file: string
  find: string
  replace: string
}

export interface Variant {
  name: string
  title: string
  edits: readonly Edit[]
}

const LINES = 'renderer/src/redeem/voucher-lines.ts'
const ENTRY = 'renderer/src/redeem/VoucherEntry.vue'

/** The checks run once on a throwaway list while the screen is idle, so a paste runs compiled code. */
const warmUpExport: Edit = {
  file: LINES,
  find: `/** Issues per line uid; a line without issues is absent. */`,
  replace: `/**
 * Runs the line checks once on a throwaway list that takes every path (valid, malformed,
 * duplicate, points, over the batch limit). Called when the screen is idle: the first real
 * paste then runs compiled code instead of paying for parsing and cold inline caches.
 */
export function warmUpLineChecks(): void {
  const lines: VoucherLine[] = Array.from({ length: MAX_VOUCHERS_PER_BATCH + 8 }, (_, i) => ({
    uid: -1 - i,
    code: i === 1 ? 'not a code' : i === 2 ? '８８０００' : \`99\${String(1_000_000_000 + (i % (MAX_VOUCHERS_PER_BATCH + 4)))}\`,
    points: i === 3 ? '12' : i === 4 ? 'x' : '',
  }))
  splitCodes('1\\n2，3')
  checkLines(lines)
}

/** Issues per line uid; a line without issues is absent. */`,
}
const warmUpCall: Edit = {
  file: ENTRY,
  find: `defineExpose({ focus: () => input.value?.focus() })`,
  replace: `onMounted(() => requestIdleCallback(() => warmUpLineChecks(), { timeout: 2_000 }))

defineExpose({ focus: () => input.value?.focus() })`,
}
const warmUpImports: Edit = {
  file: ENTRY,
  find: `import { computed, ref } from 'vue'`,
  replace: `import { computed, onMounted, ref } from 'vue'\nimport { warmUpLineChecks } from './voucher-lines'`,
}

/**
 * Landed from here (measured with --compare, then applied to the sources): plain spans instead of
 * ElText in VoucherEntry (no measuring, no forced layout on mount) and one array assignment in
 * the store's addCodes instead of a push per code.
 */
export const VARIANTS: readonly Variant[] = [
  {
    name: 'idle-warmup',
    title: 'VoucherEntry: run checkLines once on a throwaway list when idle after mount',
    edits: [warmUpExport, warmUpImports, warmUpCall],
  },
]

/** A Vite plugin that applies `variant`'s edits to the sources as they are loaded. */
export function variantPlugin(root: string, variant: Variant): Plugin {
  const byFile = new Map<string, Edit[]>()
  for (const edit of variant.edits) {
    const file = resolve(root, edit.file)
    byFile.set(file, [...(byFile.get(file) ?? []), edit])
  }
  const applied = new Set<Edit>()
  return {
    name: `bench-variant-${variant.name}`,
    enforce: 'pre',
    transform(code, id) {
      const edits = byFile.get(id.split('?')[0]!)
      if (!edits || id.includes('?vue&')) return null
      let out = code
      for (const edit of edits) {
        if (!out.includes(edit.find)) throw new Error(`variant ${variant.name}: ${edit.file} no longer contains:\n${edit.find}`)
        out = out.replace(edit.find, edit.replace)
        applied.add(edit)
      }
      return out
    },
    buildEnd() {
      const missing = variant.edits.filter((e) => !applied.has(e))
      if (missing.length > 0) throw new Error(`variant ${variant.name}: never saw ${missing.map((e) => e.file).join(', ')}`)
    },
  }
}
