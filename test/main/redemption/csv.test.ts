import { describe, expect, it } from 'vitest'
import { csvField, csvIdField, exportFileName, historyCsv } from '@main/services/redemption/csv'
import { collectHistory } from '@main/services/redemption/history'
import { failed, memoryJournal, needsCheck, reversedAs, seedRedemption, seedReversal } from './journal-seed'

/** A minimal RFC 4180 reader, so the test checks what a spreadsheet would read back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

function journalWithTrickyText() {
  const env = memoryJournal(Date.UTC(2025, 0, 10, 1, 2, 3)) // 09:02:03 in Beijing
  const row = seedRedemption(env.journal, { voucherId: 'V1', customerId: 'C1', points: '100' })
  env.clock.tick()
  seedReversal(env.journal, row.rowId, reversedAs('V1-NEW'))
  env.clock.tick()
  seedRedemption(env.journal, {
    voucherId: 'V2',
    customerId: 'C2',
    outcome: failed('E,1', '券 "已用", 请\n核对'),
  })
  env.clock.tick()
  seedRedemption(env.journal, { voucherId: 'V3', customerId: 'C2', outcome: failed('=cmd', '@SUM(A1)') })
  return env
}

describe('history CSV', () => {
  it('starts with a BOM, has localized headers and CRLF rows that read back exactly', () => {
    const { db } = journalWithTrickyText()
    const { rows } = collectHistory(db, 'sandbox', {}, 100)
    const zh = historyCsv(rows, 'zh-CN')
    expect(zh.startsWith('\uFEFF时间（北京时间）,操作,券码,点数,顾客ID')).toBe(true)
    const en = historyCsv(rows, 'en')
    expect(en.startsWith('\uFEFFTime (Beijing),Action,Voucher,Points,Customer ID')).toBe(true)

    const table = parseCsv(en.slice(1))
    const header = table[0]!
    const records = table.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
    expect(records).toHaveLength(4)
    expect(records.every((r) => Object.keys(r).length === header.length)).toBe(true)
    expect(records[1]).toMatchObject({ Voucher: 'V2', Status: 'Failed', 'Result code': 'E,1', Result: '券 "已用", 请\n核对' })
    // Formula-looking server text is defused for spreadsheets.
    expect(records[0]).toMatchObject({ 'Result code': "'=cmd", Result: "'@SUM(A1)" })
    expect(records[2]).toMatchObject({ Action: 'Reverse redemption', Status: 'Reversed', 'Reissued voucher': 'V1-NEW' })
    expect(records[3]).toMatchObject({
      'Time (Beijing)': '2025-01-10 09:02:03',
      Voucher: 'V1',
      Points: '100',
      Status: 'Redeemed',
      Reversal: 'Reversed',
      'Reissued voucher': 'V1-NEW',
      Source: 'POS',
    })
    const zhRecords = parseCsv(zh.slice(1))
    expect(zhRecords[4]?.slice(1, 3)).toEqual(['核销', 'V1'])
    expect(zhRecords[4]).toContain('已核销')
  })

  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"')
    expect(csvField(' padded ')).toBe('" padded "')
  })

  it('defuses what a spreadsheet would run as a formula, and only that', () => {
    for (const formula of ['=cmd', '+SUM(A1)', '@SUM(A1)', '-A1', '-1+2', '- 1', '\t=cmd', '\r=cmd']) {
      expect(csvField(formula).replace(/^"/, '').startsWith("'")).toBe(true)
    }
    // A negative number is a value, not a formula: result code -1 reads back as -1.
    expect(csvField('-1')).toBe('-1')
    expect(csvField('-2.5')).toBe('-2.5')
    expect(csvField('a-b=c')).toBe('a-b=c')
  })

  it('writes ids Excel would turn into numbers or dates as text formulas, everything else as it is', () => {
    expect(csvIdField('880000000001')).toBe('"=""880000000001"""')
    expect(csvIdField('0012')).toBe('"=""0012"""')
    expect(csvIdField('1E5')).toBe('"=""1E5"""')
    expect(csvIdField('2025-01')).toBe('"=""2025-01"""')
    expect(csvIdField('C10001')).toBe('C10001')
    expect(csvIdField('V1-NEW')).toBe('V1-NEW')
    expect(csvIdField('E,1')).toBe('"E,1"')
    // A typed id is still guarded: it is not one of our formulas.
    expect(csvIdField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvIdField('')).toBe('')
  })

  it('keeps every digit of long numeric ids, as Excel and WPS will show them', () => {
    const env = memoryJournal()
    const reissued = '8800001000010000001' // 19 digits: as a number Excel would keep only 15
    const customer = '2088000012345678'
    const row = seedRedemption(env.journal, { voucherId: '880000000001', customerId: customer, shopId: '0012', operatorId: '10086' })
    env.clock.tick()
    seedReversal(env.journal, row.rowId, reversedAs(reissued))
    env.clock.tick()
    seedRedemption(env.journal, { voucherId: '880000000002', customerId: customer, outcome: failed('-1', '系统繁忙') })
    const { rows } = collectHistory(env.db, 'sandbox', {}, 100)
    const table = parseCsv(historyCsv(rows, 'en').slice(1))
    const header = table[0]!
    const inFile = table.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])))
    /** What a spreadsheet shows for a cell: our text formulas evaluate to their string. */
    const shown = (cell: string) => /^="(.*)"$/.exec(cell)?.[1] ?? cell
    const [failedRow, reversal, redemption] = inFile.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, shown(v)])))
    expect(redemption).toMatchObject({
      Voucher: '880000000001',
      'Customer ID': customer,
      'Shop ID': '0012',
      'Operator ID': '10086',
      'Reissued voucher': reissued,
      'Result code': '0',
      Points: '',
    })
    expect(reversal).toMatchObject({ Voucher: '880000000001', 'Reissued voucher': reissued, 'Operator ID': 'OP2' })
    expect(failedRow).toMatchObject({ Voucher: '880000000002', 'Result code': '-1', Result: '系统繁忙' })
    // In the file itself every numeric id is a text formula, never a bare number.
    expect(inFile[2]).toMatchObject({
      Voucher: '="880000000001"',
      'Reissued voucher': `="${reissued}"`,
      'Customer ID': `="${customer}"`,
      'Shop ID': '="0012"',
    })
  })

  it("shows a needs-check row with the server's words, and who checked a row by hand and when", () => {
    const env = memoryJournal(Date.UTC(2025, 0, 10, 1, 2, 3)) // 09:02:03 in Beijing
    const open = seedRedemption(env.journal, { voucherId: 'V1', outcome: needsCheck('VOUCHER_ALREADY_USED', '该券已核销') })
    const checked = seedRedemption(env.journal, { voucherId: 'V2', outcome: needsCheck('VOUCHER_ALREADY_USED', '该券已核销') })
    env.clock.tick(60_000)
    env.journal.resolveByHand(checked.rowId, 'sandbox', { verdict: 'applied' }, { operatorId: 'boss-1', operatorName: '店长' }, new Set())
    const { rows } = collectHistory(env.db, 'sandbox', {}, 100)
    const read = (locale: 'en' | 'zh-CN') => {
      const table = parseCsv(historyCsv(rows, locale).slice(1))
      return table.slice(1).map((r) => Object.fromEntries(table[0]!.map((h, i) => [h, r[i]])))
    }
    const en = read('en')
    expect(en.find((r) => r.Voucher === 'V1')).toMatchObject({
      Status: 'Needs checking',
      'Result code': 'VOUCHER_ALREADY_USED',
      Result: '该券已核销',
      'Checked by': '',
      'Checked at (Beijing)': '',
    })
    expect(en.find((r) => r.Voucher === 'V2')).toMatchObject({
      Status: 'Redeemed',
      Result: '该券已核销',
      'Checked by': 'boss-1',
      'Checked at (Beijing)': '2025-01-10 09:03:03',
    })
    expect(read('zh-CN').find((r) => r['券码'] === 'V1')).toMatchObject({ 状态: '待核对' })
    expect(open.outcome.state).toBe('needs_check')
  })

  it('names the file by time and language', () => {
    const at = new Date(Date.UTC(2025, 0, 10, 1, 2, 3))
    expect(exportFileName(at, 'zh-CN')).toBe('券台核销记录-20250110-090203.csv')
    expect(exportFileName(at, 'en')).toBe('coupon-desk-history-20250110-090203.csv')
  })
})
