import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChannelInput, ChannelOutput, Channel } from '@contract/ipc/registry'
import { DEFAULT_SHIFT_SETTINGS } from '@contract/ipc/channels/shift'
import { createRouter, type Handlers, type Router } from '@main/ipc/router'
import { createRedemptionFeature } from '@main/services/redemption/feature'
import { createShiftFeature, shiftMigrations } from '@main/services/shift/feature'
import { openDatabase, type Database } from '@main/store/db'
import { journalMigrations } from '@main/store/journal'
import { startSandboxConnection, type SandboxConnection } from '../../support/sandbox-connection'

/** The shift and redemption features over one database and the real sandbox, behind a router. */
interface Counter {
  db: Database
  dbFile: string
  sandbox: SandboxConnection
  router: Router
  clock: { now: number }
  call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>>
  fail(
    channel: Channel,
    input?: unknown,
  ): Promise<{ code: string; key: string; params?: unknown; issues?: { path: unknown[]; key: string }[] }>
  close(): Promise<void>
}

async function openCounter(): Promise<Counter> {
  const sandbox = await startSandboxConnection()
  const dir = mkdtempSync(join(tmpdir(), 'cd-shift-'))
  const dbFile = join(dir, 'coupon-desk.db')
  const db = openDatabase(dbFile, { journal: journalMigrations, shift: shiftMigrations })
  const clock = { now: Date.parse('2026-12-04T02:00:00Z') }
  const deps = { db, connection: sandbox.provider, dataDir: dir, now: () => new Date(clock.now) }
  const shift = createShiftFeature(deps)
  const redemption = createRedemptionFeature(deps, { shift: shift.service })
  const router = createRouter({ ...redemption.handlers, ...shift.handlers } as unknown as Handlers, {
    validateOutput: true,
    onUnexpectedError: (channel, error) => console.error(channel, error),
  })
  return {
    db,
    dbFile,
    sandbox,
    router,
    clock,
    async call(channel, input) {
      const reply = await router.dispatch(channel, input)
      if (!reply.ok) expect.fail(`${channel} failed: ${JSON.stringify(reply.error)}`)
      return reply.value as never
    },
    async fail(channel, input) {
      const reply = await router.dispatch(channel, input)
      if (reply.ok) expect.fail(`${channel} unexpectedly succeeded`)
      return reply.error
    },
    async close() {
      await redemption.dispose!()
      db.close()
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function redeemOne(counter: Counter, voucherId: string, operator?: { operatorId: string; operatorName: string }) {
  const started = await counter.call('redeem.submit', {
    customerId: 'C10001',
    source: 'POS',
    vouchers: [{ voucherId }],
    ...(operator ?? {}),
  })
  for (;;) {
    const progress = await counter.call('redeem.progress', { batchId: started.batchId })
    if (progress.status !== 'running') return progress
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A store with a manager (PIN 2468) and two cashiers, one with a PIN. */
async function staff(counter: Counter): Promise<void> {
  await counter.call('shift.saveOperator', { id: 'M01', name: '王店长', role: 'manager', pin: '2468' })
  await counter.call('shift.signIn', { operatorId: 'M01', pin: '2468' })
  await counter.call('shift.saveOperator', { id: 'C01', name: '李收银', role: 'cashier', pin: '1357' })
  await counter.call('shift.saveOperator', { id: 'C02', name: '赵收银', role: 'cashier' })
}

describe('counter shift', () => {
  let counter: Counter
  beforeEach(async () => {
    counter = await openCounter()
  })
  afterEach(async () => {
    await counter.close()
  })

  it('without an operator list the counter works as before, with the operator typed or defaulted', async () => {
    expect(await counter.call('shift.state')).toMatchObject({ enabled: false, operator: null, locked: false })
    const batch = await redeemOne(counter, '880000000001', { operatorId: 'T9', operatorName: '临时' })
    expect(batch.vouchers[0]!.outcome.state).toBe('redeemed')
    const { rows } = await counter.call('history.query', {})
    expect(rows[0]).toMatchObject({ operatorId: 'T9', operatorName: '临时' })
  })

  it('records the signed-in operator on every redemption, whatever the renderer sends', async () => {
    await staff(counter)
    await counter.call('shift.signIn', { operatorId: 'C01', pin: '1357' })
    await redeemOne(counter, '880000000001', { operatorId: 'M01', operatorName: 'forged' })
    await counter.call('shift.signIn', { operatorId: 'C02' })
    await redeemOne(counter, '880000000002')
    const { rows } = await counter.call('history.query', {})
    const by = Object.fromEntries(rows.map((r) => [r.voucherId, [r.operatorId, r.operatorName]]))
    expect(by).toEqual({ '880000000001': ['C01', '李收银'], '880000000002': ['C02', '赵收银'] })
    // The requests as sent (the journal keeps each exactly) name the same people.
    const sent = (counter.db.prepare('SELECT request_json FROM journal_entries ORDER BY id').all() as { request_json: string }[]).map(
      (r) => JSON.parse(r.request_json) as { operator_id: string; operator_name: string },
    )
    expect(sent.map((r) => [r.operator_id, r.operator_name])).toEqual([
      ['C01', '李收银'],
      ['C02', '赵收银'],
    ])
  })

  it('refuses to redeem when nobody is signed in or the screen is locked, and asks the PIN again to unlock', async () => {
    await staff(counter)
    await counter.call('shift.signOut')
    expect(
      (await counter.fail('redeem.submit', { customerId: 'C10001', source: 'POS', vouchers: [{ voucherId: '880000000001' }] })).key,
    ).toBe('shift.error.signedOut')
    await counter.call('shift.signIn', { operatorId: 'C01', pin: '1357' })
    expect(await counter.call('shift.lock')).toMatchObject({ locked: true, operator: { id: 'C01' } })
    expect(
      (await counter.fail('redeem.submit', { customerId: 'C10001', source: 'POS', vouchers: [{ voucherId: '880000000001' }] })).key,
    ).toBe('shift.error.locked')
    const wrong = await counter.fail('shift.unlock', { pin: '0000' })
    expect(wrong.issues?.[0]).toMatchObject({ path: ['pin'], key: 'shift.error.wrongPin' })
    expect(await counter.call('shift.unlock', { pin: '1357' })).toMatchObject({ locked: false, operator: { id: 'C01' } })
    expect((await redeemOne(counter, '880000000001')).vouchers[0]!.outcome.state).toBe('redeemed')
  })

  it('never answers or stores a PIN: replies say only whether one is set, the database holds scrypt hashes', async () => {
    await staff(counter)
    const { operators } = await counter.call('shift.operators')
    expect(operators).toEqual([
      { id: 'M01', name: '王店长', role: 'manager', hasPin: true },
      { id: 'C01', name: '李收银', role: 'cashier', hasPin: true },
      { id: 'C02', name: '赵收银', role: 'cashier', hasPin: false },
    ])
    const stored = counter.db.prepare('SELECT pin_hash FROM shift_operators WHERE pin_hash IS NOT NULL').all() as { pin_hash: string }[]
    expect(stored.every((r) => r.pin_hash.startsWith('scrypt$'))).toBe(true)
    counter.db.exec('PRAGMA wal_checkpoint(FULL)')
    const file = readFileSync(counter.dbFile, 'latin1')
    expect(file).not.toContain('2468')
    expect(file).not.toContain('1357')
  })

  it('lets only a signed-in manager change the operator list and the settings once a manager exists', async () => {
    await staff(counter)
    await counter.call('shift.signIn', { operatorId: 'C02' })
    expect((await counter.fail('shift.saveOperator', { id: 'C03', name: '新人', role: 'cashier' })).key).toBe('shift.error.managerOnly')
    expect((await counter.fail('shift.saveSettings', DEFAULT_SHIFT_SETTINGS)).key).toBe('shift.error.managerOnly')
    expect((await counter.fail('shift.signIn', { operatorId: 'M01', pin: '1111' })).issues?.[0]?.key).toBe('shift.error.wrongPin')
  })

  it('a reversal names who reversed, who approved, why and when — in History and in the CSV', async () => {
    await staff(counter)
    await counter.call('shift.saveSettings', { ...DEFAULT_SHIFT_SETTINGS, approval: { ...DEFAULT_SHIFT_SETTINGS.approval, reverse: true } })
    await counter.call('shift.signIn', { operatorId: 'C01', pin: '1357' })
    const batch = await redeemOne(counter, '880000000003')
    const rowId = batch.vouchers[0]!.rowId

    expect((await counter.fail('redeem.reverse', { rowIds: [rowId] })).issues?.[0]?.key).toBe('shift.reason.required')
    expect((await counter.fail('redeem.reverse', { rowIds: [rowId], reason: { code: 'returned' } })).key).toBe(
      'shift.error.approvalRequired',
    )
    expect(
      (await counter.fail('redeem.reverse', { rowIds: [rowId], reason: { code: 'returned' }, approval: { managerId: 'C02', pin: '1357' } }))
        .issues?.[0]?.key,
    ).toBe('shift.error.notAManager')
    expect(counter.sandbox.gateway.ledger.actionCount('880000000003', 'ISUSED_NORMAL')).toBe(0)

    counter.clock.now += 60_000
    const { results } = await counter.call('redeem.reverse', {
      rowIds: [rowId],
      reason: { code: 'other', text: '顾客改用现金' },
      approval: { managerId: 'M01', pin: '2468' },
    })
    expect(results[0]).toMatchObject({ kind: 'done', reversal: { outcome: { state: 'reversed' } } })
    expect(counter.sandbox.gateway.ledger.actionCount('880000000003', 'ISUSED_NORMAL')).toBe(1)

    const { rows } = await counter.call('history.query', { filter: { action: 'ISUSED_NORMAL' } })
    expect(rows[0]).toMatchObject({
      operatorId: 'C01',
      act: {
        actorId: 'C01',
        actorName: '李收银',
        approverId: 'M01',
        approverName: '王店长',
        approvedAt: counter.clock.now,
        reasonCode: 'other',
        reasonText: '顾客改用现金',
      },
    })
    const csv = (await counter.call('history.export', { locale: 'zh-CN' })).csv
    const [header, ...lines] = csv.trim().split('\r\n')
    const cols = header!.split(',')
    const reversalLine = lines.find((l) => l.includes('反核销'))!.split(',')
    expect(reversalLine[cols.indexOf('原因')]).toBe('其他: 顾客改用现金')
    expect(reversalLine[cols.indexOf('审批人')]).toBe('M01 王店长')
    expect(reversalLine[cols.indexOf('审批时间（北京时间）')]).toBe('2026-12-04 10:01:00')
  })

  it('five wrong manager PINs lock approval for a minute, even for the right PIN', async () => {
    await staff(counter)
    await counter.call('shift.saveSettings', { ...DEFAULT_SHIFT_SETTINGS, approval: { ...DEFAULT_SHIFT_SETTINGS.approval, reverse: true } })
    await counter.call('shift.signIn', { operatorId: 'C02' })
    const rowId = (await redeemOne(counter, '880000000004')).vouchers[0]!.rowId
    const attempt = (pin: string) =>
      counter.router.dispatch('redeem.reverse', { rowIds: [rowId], reason: { code: 'wrongVoucher' }, approval: { managerId: 'M01', pin } })
    for (let i = 1; i <= 4; i++) {
      const reply = await attempt('1111')
      expect(reply.ok || reply.error.issues?.[0]).toMatchObject({ key: 'shift.error.wrongPin', params: { left: 5 - i } })
    }
    const fifth = await attempt('1111')
    expect(!fifth.ok && fifth.error).toMatchObject({ key: 'shift.error.pinLocked', params: { seconds: 60 } })
    counter.clock.now += 30_000
    const locked = await attempt('2468')
    expect(!locked.ok && locked.error).toMatchObject({ key: 'shift.error.pinLocked', params: { seconds: 30 } })
    expect(counter.sandbox.gateway.ledger.actionCount('880000000004', 'ISUSED_NORMAL')).toBe(0)
    counter.clock.now += 30_000
    const after = await attempt('2468')
    expect(after.ok).toBe(true)
    expect(counter.sandbox.gateway.ledger.actionCount('880000000004', 'ISUSED_NORMAL')).toBe(1)
  })

  it('a shift left open by the last run comes back locked and ends at sign-out', async () => {
    await staff(counter)
    await counter.call('shift.signIn', { operatorId: 'C01', pin: '1357' })
    const again = createShiftFeature({ db: counter.db, now: () => new Date(counter.clock.now), connection: counter.sandbox.provider })
    expect(again.service.state()).toMatchObject({ locked: true, operator: { id: 'C01' } })
    expect(again.service.signOut()).toMatchObject({ operator: null, shiftId: null })
    const sessions = again.service.store.sessions(10)
    expect(sessions.map((s) => [s.operatorId, s.endedAt !== null])).toEqual([
      ['C01', true],
      ['M01', true],
    ])
  })
})
