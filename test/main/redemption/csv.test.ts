import { describe, expect, it } from 'vitest'
import { csvField, exportFileName, historyCsv } from '@main/services/redemption/csv'
import { collectHistory } from '@main/store/journal-history'
import { failed, memoryJournal, reversedAs, seedRedemption, seedReversal } from './journal-seed'

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
    expect(csvField('-1')).toBe("'-1")
  })

  it('names the file by time and language', () => {
    const at = new Date(Date.UTC(2025, 0, 10, 1, 2, 3))
    expect(exportFileName(at, 'zh-CN')).toBe('券台核销记录-20250110-090203.csv')
    expect(exportFileName(at, 'en')).toBe('coupon-desk-history-20250110-090203.csv')
  })
})
