import type { CDPSession, Page } from 'playwright-core'
import { browserUnavailable, buildRenderer, CHROMIUM, CHROMIUM_ARGS, inCi } from '../lib/renderer'
import { benchCase, skippedCase, type BenchContext, type BenchRow } from '../lib/report'
import { CODE_INPUT } from './editor'
import { openCounterPage, redeemOnce, startCounter } from './scan'

/**
 * Case 7, a long session without a leak: one page, against the real services, through what a
 * shift does — redemptions at the counter (1 to 20 vouchers each), History opened, searched and
 * paged now and then, the template editor opened on a new draft and closed. The renderer's JS
 * heap after a full garbage collection (CDP HeapProfiler.collectGarbage, then
 * Runtime.getHeapUsage) is compared with the same right after start (the Redeem screen loaded and
 * settled). Goal: ≤ 1.5×.
 */

const GOAL = 1.5

export async function runSession(ctx: BenchContext): Promise<BenchRow[]> {
  const meta = {
    name: 'session.heap_growth',
    metric: 'renderer JS heap after a long session ÷ right after start (after a full GC each)',
    unit: '×',
    goal: GOAL,
    better: 'lower',
  } as const
  const unavailable = await browserUnavailable()
  if (unavailable !== null) {
    if (inCi()) throw new Error(`session bench: ${unavailable}; CI must provide it`)
    return [skippedCase(meta, unavailable)]
  }
  const redemptions = ctx.quick ? 6 : 500
  const rendererDir = await buildRenderer(ctx)
  const counter = await startCounter(rendererDir)
  const { chromium, selectors } = await import('playwright-core')
  // Our components mark what tests and benches look for with data-test.
  selectors.setTestIdAttribute('data-test')
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS })
  try {
    const { page, cdp, errors } = await openCounterPage(browser, counter)
    const start = await heapAfterGc(cdp)
    ctx.log(`session: ${redemptions} redemptions with History and the editor in between; heap at start ${(start / 2 ** 20).toFixed(1)} MiB`)
    // The heap after each round of every screen: the first round loads and compiles History's and
    // the editor's code once; what grows after it grows with the session.
    const rounds: number[] = []
    let warmData = 0
    for (let i = 0; i < redemptions; i++) {
      await redeemOnce(page, 1 + (i % 5 === 4 ? 19 : i % 3))
      counter.take()
      if (i % 50 === 49 || (ctx.quick && i === redemptions - 2)) {
        await browseHistory(page)
        await openAndCloseEditor(page)
        await page.getByTestId('nav-redeem').click()
        await page.locator(CODE_INPUT).first().waitFor()
        rounds.push(await heapAfterGc(cdp))
        if (rounds.length === 1) warmData = await dataBytes(cdp)
      }
    }
    const end = await heapAfterGc(cdp)
    const endData = await dataBytes(cdp)
    const warm = rounds[0] ?? end
    ctx.log(`session: heap after each round of screens (MiB): ${rounds.map((r) => (r / 2 ** 20).toFixed(2)).join(', ')}`)
    if (errors.length > 0) throw new Error(`session bench: the page raised ${errors.join('; ')}`)
    return [
      benchCase({ ...meta, metric: `${meta.metric}, ${redemptions} redemptions`, value: end / start }),
      benchCase({
        name: 'session.heap_start_mib',
        metric: 'renderer JS heap right after start, after a full GC',
        value: start / 2 ** 20,
        unit: 'MiB',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'session.heap_warm_mib',
        metric: 'renderer JS heap after the first round of every screen (History and the editor loaded once), after a full GC',
        value: warm / 2 ** 20,
        unit: 'MiB',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'session.heap_growth_after_warm',
        metric: `renderer JS heap at the end ÷ after the first round of every screen: what grows with the session, ${redemptions} redemptions`,
        value: end / warm,
        unit: '×',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'session.data_growth_after_warm',
        metric: `the heap's objects without compiled code (heap snapshot) at the end ÷ after the first round of every screen, ${redemptions} redemptions`,
        value: endData / (warmData || endData),
        unit: '×',
        goal: null,
        better: 'lower',
      }),
      benchCase({
        name: 'session.heap_end_mib',
        metric: `renderer JS heap after ${redemptions} redemptions, History and the editor, after a full GC`,
        value: end / 2 ** 20,
        unit: 'MiB',
        goal: null,
        better: 'lower',
      }),
    ]
  } finally {
    await browser.close()
    await counter.stop()
  }
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

/**
 * The heap's self sizes from a snapshot, without compiled code (`code` nodes: bytecode, optimised
 * machine code, feedback): what the app's objects and the DOM's wrappers hold. Code grows by
 * itself as V8 optimises what runs often, and is dropped under memory pressure; objects that grow
 * with the number of redemptions are what a leak looks like.
 */
async function dataBytes(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  const chunks: string[] = []
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  const { snapshot, nodes } = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }
    nodes: number[]
  }
  const fields = snapshot.meta.node_fields
  const type = fields.indexOf('type')
  const selfSize = fields.indexOf('self_size')
  const code = snapshot.meta.node_types[0].indexOf('code')
  let bytes = 0
  for (let i = 0; i < nodes.length; i += fields.length) if (nodes[i + type] !== code) bytes += nodes[i + selfSize]!
  return bytes
}

async function browseHistory(page: Page): Promise<void> {
  await page.getByTestId('nav-history').click()
  await page.getByTestId('filter-search').click()
  for (let i = 0; i < 3; i++) {
    const more = page.getByTestId('load-more')
    if ((await more.count()) === 0) break
    await more.click()
    await page.waitForTimeout(100)
  }
}

async function openAndCloseEditor(page: Page): Promise<void> {
  await page.getByTestId('nav-templates').click()
  await page.getByTestId('draft-new').click()
  await page.getByTestId('template-editor').waitFor()
  await page.getByTestId('editor-back').click()
  await page.getByTestId('draft-new').waitFor()
}
