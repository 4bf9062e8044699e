import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Channel, ChannelInput, ChannelOutput } from '@contract/ipc/registry'
import { DEFAULT_SHIFT_SETTINGS, type ShiftSettings } from '@contract/ipc/channels/shift'
import { createRouter, type Handlers, type Router } from '@main/ipc/router'
import { createRedemptionFeature } from '@main/services/redemption/feature'
import { createShiftFeature, shiftMigrations } from '@main/services/shift/feature'
import { createSlipFeature, slipMigrations } from '@main/services/slips/feature'
import type { PrintJob } from '@main/services/slips/printer'
import { openDatabase, type Database } from '@main/store/db'
import { journalMigrations } from '@main/store/journal'
import { startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'

/** The counter's features over one database and the real sandbox; the printer keeps each job. */
interface Counter {
  db: Database
  sandbox: SandboxConnection
  router: Router
  clock: { now: number }
  jobs: PrintJob[]
  /** What the next print answers: paper out, or the dialog closed. */
  printer: { printed: boolean }
  call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>
  close(): Promise<void>
}

async function openCounter(): Promise<Counter> {
  const sandbox = await startSandboxConnection()
  const dir = mkdtempSync(join(tmpdir(), 'cd-slips-'))
  const db = openDatabase(join(dir, 'coupon-desk.db'), { journal: journalMigrations, shift: shiftMigrations, slips: slipMigrations })
  const clock = { now: Date.parse('2026-12-04T02:00:00Z') }
  const deps = { db, connection: sandbox.provider, dataDir: dir, now: () => new Date(clock.now) }
  const jobs: PrintJob[] = []
  const printer = { printed: true }
  const shift = createShiftFeature(deps)
  const slips = createSlipFeature({
    ...deps,
    shift: shift.service,
    printer: {
      print: async (job) => {
        jobs.push(job)
        return { printed: printer.printed }
      },
      printers: async () => [{ name: 'XP-58', displayName: 'XP-58', isDefault: true }],
    },
  })
  const redemption = createRedemptionFeature(deps, {
    shift: shift.service,
    onLookup: (profileId, vouchers) => slips.service.rememberLookup(profileId, vouchers),
  })
  const router = createRouter({ ...redemption.handlers, ...shift.handlers, ...slips.handlers } as unknown as Handlers, {
    validateOutput: true,
    onUnexpectedError: (channel, error) => console.error(channel, error),
  })
  return {
    db,
    sandbox,
    router,
    clock,
    jobs,
    printer,
    async call(channel, input) {
      const reply = await router.dispatch(channel, input)
      if (!reply.ok) expect.fail(`${channel} failed: ${JSON.stringify(reply.error)}`)
      return reply.value as never
    },
    async close() {
      await redemption.dispose!()
      db.close()
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function redeem(counter: Counter, vouchers: { voucherId: string; points?: string }[], customerId = 'C10001') {
  const started = await counter.call('redeem.submit', { customerId, source: 'POS', vouchers })
  for (;;) {
    const progress = await counter.call('redeem.progress', { batchId: started.batchId })
    if (progress.status !== 'running') return progress
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The slip's text as a person reads it: tags gone, entities decoded, one space between words. */
function text(html: string): string {
  const body = html.slice(html.indexOf('<body'))
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ')
    .trim()
}

async function settings(counter: Counter, patch: Partial<ShiftSettings>): Promise<void> {
  await counter.call('shift.saveSettings', { ...DEFAULT_SHIFT_SETTINGS, ...patch })
}

describe('printed slips', () => {
  let counter: Counter
  beforeEach(async () => {
    counter = await openCounter()
  })
  afterEach(async () => {
    await counter.close()
  })

  it('a batch with mixed results: where, who, when, customer, each voucher’s result, the looked-up value and points', async () => {
    await settings(counter, { slip: { ...DEFAULT_SHIFT_SETTINGS.slip, storeName: '盒马鲜生 望京店', counter: '1号收银台' } })
    // The cashier looked the customer's vouchers up first: 880000000001 is 满100减10 there.
    await counter.call('redeem.lookupVouchers', { customerId: 'C10001' })
    const batch = await redeem(counter, [{ voucherId: '880000000001', points: '12' }, { voucherId: '880000000006' }])
    expect(batch.vouchers.map((v) => v.outcome.state)).toEqual(['redeemed', 'failed'])

    const result = await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'zh-CN' })
    expect(result).toEqual({ printed: true, copy: false, slip: 'batch' })
    const slip = text(counter.jobs[0]!.html)
    expect(slip).toContain('核销小票')
    expect(slip).toContain('门店 盒马鲜生 望京店')
    expect(slip).toContain('门店ID S001')
    expect(slip).toContain('柜台 1号收银台')
    expect(slip).toContain('操作人 OP001 店长')
    // Beijing time, whatever the machine's zone: 02:00 UTC is 10:00 in Beijing.
    expect(slip).toContain('时间 2026-12-04 10:00:00')
    expect(slip).toContain('顾客 C10001')
    expect(slip).toMatch(/880000000001 核销成功 满100减10 面额 ¥10\.00 · 满 ¥100\.00 可用 点数 12/)
    expect(slip).toMatch(/880000000006 未核销 券已用过 满100减10 /)
    expect(slip).not.toContain('点数 0')
    expect(slip).toContain('成功 1 张，未成功 1 张')
    expect(slip).toContain('点数合计 12')
    expect(slip).toContain('培训模式')
    expect(slip).not.toContain('副本')
    expect(counter.jobs[0]).toMatchObject({ widthMm: 80, printer: null, silent: false, title: '核销小票' })
  })

  it('prints no value for a voucher that was not looked up: the redemption reply has none', async () => {
    const batch = await redeem(counter, [{ voucherId: '880000000002' }])
    await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'zh-CN' })
    const slip = text(counter.jobs[0]!.html)
    expect(slip).toContain('880000000002 核销成功 成功 1 张')
    expect(slip).not.toContain('¥')
    expect(slip).toContain('未查询的券不显示面额')
  })

  it('a reversal with approval: who reversed, the manager who approved, why, when, and the reissued voucher', async () => {
    await counter.call('shift.saveOperator', { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
    await counter.call('shift.signIn', { operatorId: 'M01', pin: '2468' })
    await counter.call('shift.saveOperator', { id: 'C01', name: '李收银', role: 'cashier', pin: '1357' })
    await settings(counter, { approval: { ...DEFAULT_SHIFT_SETTINGS.approval, reverse: true } })
    await counter.call('shift.signOut')
    await counter.call('shift.signIn', { operatorId: 'C01', pin: '1357' })
    const batch = await redeem(counter, [{ voucherId: '880000000003' }])
    counter.clock.now += 5 * 60_000
    const { results } = await counter.call('redeem.reverse', {
      rowIds: [batch.vouchers[0]!.rowId],
      reason: { code: 'other', text: '顾客改用现金' },
      approval: { managerId: 'M01', pin: '2468' },
    })
    const reversal = results[0]!.kind === 'done' ? results[0]!.reversal : expect.fail('not reversed')
    const reissued = reversal.outcome.state === 'reversed' ? reversal.outcome.reissuedVoucherId : expect.fail('no reissued id')

    // From History: the reversal row prints the reversal slip.
    expect(await counter.call('slip.print', { kind: 'row', rowId: reversal.rowId, locale: 'zh-CN' })).toMatchObject({ slip: 'reversal' })
    const slip = text(counter.jobs[0]!.html)
    expect(slip).toContain('反核销小票')
    expect(slip).toContain('操作人 C01 李收银')
    expect(slip).toContain('时间 2026-12-04 10:05:00')
    expect(slip).toMatch(new RegExp(`880000000003 反核销成功 补发新券 ${reissued} .*原核销时间 2026-12-04 10:00:00`))
    expect(slip).toContain('审批人 M01 王店长 审批时间 2026-12-04 10:05:00')
    expect(slip).toContain('原因 其他: 顾客改用现金')

    // And the redemption row of the same voucher prints its batch, which now says it was reversed since.
    await counter.call('slip.print', { kind: 'row', rowId: batch.vouchers[0]!.rowId, locale: 'en' })
    const later = text(counter.jobs[1]!.html)
    expect(later).toContain('Redemption slip')
    expect(later).toContain(`Since reversed, new voucher ${reissued}`)
  })

  it('a reprint says it is a copy; a print closed in the dialog does not count', async () => {
    const batch = await redeem(counter, [{ voucherId: '880000000004' }])
    counter.printer.printed = false
    expect(await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'zh-CN' })).toMatchObject({
      printed: false,
      copy: false,
    })
    counter.printer.printed = true
    expect(await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'zh-CN' })).toMatchObject({ copy: false })
    // The renderer cannot take the mark away: `copy: false` on a reprint is still a copy.
    expect(await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'en', copy: false })).toMatchObject({
      printed: true,
      copy: true,
    })
    const [, first, reprint] = counter.jobs.map((j) => text(j.html))
    expect(first).not.toContain('副本')
    expect(reprint).toMatch(/^Redemption slip COPY /)
    expect(reprint).toContain('Reprint, not the first print')
    // The same voucher's History row is the same slip: a copy too.
    expect(await counter.call('slip.print', { kind: 'row', rowId: batch.vouchers[0]!.rowId, locale: 'zh-CN' })).toMatchObject({
      copy: true,
    })
    expect(text(counter.jobs[3]!.html)).toMatch(/^核销小票 副本 /)
  })

  it('escapes every text: a name or store with markup prints as the characters typed', async () => {
    await settings(counter, { slip: { ...DEFAULT_SHIFT_SETTINGS.slip, storeName: '<img src=x onerror=alert(1)>&"店"' } })
    const started = await counter.call('redeem.submit', {
      customerId: 'C10001',
      source: 'POS',
      operatorId: 'OP<b>',
      operatorName: '</style><script>alert(1)</script>',
      vouchers: [{ voucherId: '880000000005' }],
    })
    await new Promise((r) => setTimeout(r, 200))
    await counter.call('slip.print', { kind: 'batch', batchId: started.batchId, locale: 'zh-CN' })
    const html = counter.jobs[0]!.html
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>')
    expect(html.match(/<\/style>/g)).toHaveLength(1)
    expect(text(html)).toContain('门店 <img src=x onerror=alert(1)>&"店"')
    expect(text(html)).toContain('操作人 OP<b> </style><script>alert(1)</script>')
    // Self-contained and strict: no remote resource, no script, the one style sheet allowed by its hash.
    expect(html).not.toMatch(/https?:\/\/|<link|<img|<script|url\(/i)
    expect(html).toMatch(/Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;/)
  })

  it('prints at 58 mm and 80 mm: the page is the roll’s width and as long as the slip', async () => {
    const one = await redeem(counter, [{ voucherId: '880000000101' }], 'C10002')
    const three = await redeem(
      counter,
      [{ voucherId: '880000000102' }, { voucherId: '880000000103' }, { voucherId: '880000009999' }],
      'C10002',
    )
    for (const width of [58, 80] as const) {
      await settings(counter, { slip: { ...DEFAULT_SHIFT_SETTINGS.slip, width, printer: 'XP-58', silent: true } })
      await counter.call('slip.print', { kind: 'batch', batchId: one.batchId, locale: 'zh-CN', copy: true })
      await counter.call('slip.print', { kind: 'batch', batchId: three.batchId, locale: 'zh-CN', copy: true })
    }
    const [short58, long58, short80, long80] = counter.jobs
    for (const [job, width] of [
      [short58, 58],
      [long58, 58],
      [short80, 80],
      [long80, 80],
    ] as const) {
      expect(job).toMatchObject({ widthMm: width, printer: 'XP-58', silent: true })
      expect(job!.html).toContain(`@page { size: ${width}mm ${job!.heightMm}mm; margin: 0; }`)
      expect(job!.html).toContain(`body { width: ${width}mm;`)
    }
    // Two more vouchers, two more blocks of lines: more paper on either roll.
    expect(long58!.heightMm).toBeGreaterThan(short58!.heightMm + 10)
    expect(long80!.heightMm).toBeGreaterThan(short80!.heightMm + 10)
  })

  it('the Z-slip carries the day report’s totals, per operator and per hour', async () => {
    await redeem(counter, [{ voucherId: '880000000001', points: '5' }, { voucherId: '880000000006' }])
    const from = Date.parse('2026-12-03T16:00:00Z')
    const report = { from, to: from + 86_400_000 }
    expect(await counter.call('slip.print', { kind: 'report', report, locale: 'zh-CN' })).toMatchObject({ slip: 'report', copy: false })
    const slip = text(counter.jobs[0]!.html)
    expect(slip).toContain('对账单（Z 单）')
    expect(slip).toContain('范围 2026-12-04 00:00:00 – 2026-12-05 00:00:00')
    expect(slip).toMatch(/合计 有效核销 1 核销后已反核销 0 反核销 0 失败 1 待核对 0 待确认 0 有效核销点数 5/)
    expect(slip).toContain('OP001 店长 有效核销 1 · 反核销 0 · 失败 1 · 点数 5')
    expect(slip).toMatch(/按时段（核销） 10:00 1/)
    // Printed again with the same figures it is a copy; once the day moves on it is a new slip.
    expect(await counter.call('slip.print', { kind: 'report', report, locale: 'zh-CN' })).toMatchObject({ copy: true })
    await redeem(counter, [{ voucherId: '880000000002' }])
    expect(await counter.call('slip.print', { kind: 'report', report, locale: 'zh-CN' })).toMatchObject({ copy: false })
  })

  it('counter settings saved before slips existed print with the slip defaults', async () => {
    const { slip: _slip, ...older } = { ...DEFAULT_SHIFT_SETTINGS, idleLockMinutes: 5 }
    counter.db
      .prepare(
        'INSERT INTO shift_settings (id, settings_json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET settings_json = excluded.settings_json',
      )
      .run(JSON.stringify(older))
    const batch = await redeem(counter, [{ voucherId: '880000000005' }])
    await counter.call('slip.print', { kind: 'batch', batchId: batch.batchId, locale: 'zh-CN' })
    expect(counter.jobs[0]).toMatchObject({ widthMm: 80, printer: null, silent: false })
    expect((await counter.call('shift.state')).settings).toMatchObject({ idleLockMinutes: 5, slip: DEFAULT_SHIFT_SETTINGS.slip })
  })

  it('refuses what it cannot print, in words the window translates', async () => {
    const missing = await counter.router.dispatch('slip.print', { kind: 'batch', batchId: crypto.randomUUID(), locale: 'zh-CN' })
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not-found', key: 'slip.error.notFound' })
    const batch = await redeem(counter, [{ voucherId: '880000000005' }])
    const notReversal = await counter.router.dispatch('slip.print', {
      kind: 'reversal',
      rowIds: [batch.vouchers[0]!.rowId],
      locale: 'zh-CN',
    })
    expect(!notReversal.ok && notReversal.error).toMatchObject({ key: 'slip.error.notReversal' })
    expect(counter.jobs).toEqual([])
  })
})
