import { describe, expect, it } from 'vitest'
import type { CustomerVoucherInfo } from '@contract/api/voucher-list'
import { parseTopTime, platformVerdict } from '@main/services/redemption/platform-state'

const AT = Date.parse('2026-12-04T10:00:00.400Z') // 18:00:00 in Beijing
const v = (voucher_id: string, status: string, extra: Partial<CustomerVoucherInfo> = {}): CustomerVoucherInfo => ({
  voucher_id,
  status,
  voucher_template_id: 'T1',
  gmt_created: '2026-12-01 09:00:00',
  ...extra,
})
const redeem = { action: 'NORMAL_ISUSED', voucherId: 'V1', attemptedAt: AT } as const
const reverse = { action: 'ISUSED_NORMAL', voucherId: 'V1', attemptedAt: AT } as const

describe('platformVerdict: a redemption', () => {
  it('ISUSED was applied, NORMAL was not, DELETED or missing cannot be told', () => {
    expect(platformVerdict(redeem, [v('V1', 'ISUSED')])).toEqual({ kind: 'applied' })
    expect(platformVerdict(redeem, [v('V1', 'NORMAL')])).toEqual({ kind: 'not_applied' })
    expect(platformVerdict(redeem, [v('V1', 'DELETED')])).toEqual({ kind: 'undecided', why: 'deleted' })
    expect(platformVerdict(redeem, [v('V2', 'ISUSED')])).toEqual({ kind: 'undecided', why: 'notListed' })
  })
})

describe('platformVerdict: a reversal', () => {
  it('the original back in NORMAL: applied, the original is the usable voucher', () => {
    expect(platformVerdict(reverse, [v('V1', 'NORMAL')])).toEqual({ kind: 'applied', reissuedVoucherId: 'V1' })
  })

  it('one NORMAL voucher of the same template created in or after the attempt second: applied, that is the reissue', () => {
    const listed = [v('V1', 'DELETED'), v('R1', 'NORMAL', { gmt_created: '2026-12-04 18:00:00' }), v('OLD', 'NORMAL')]
    expect(platformVerdict(reverse, listed)).toEqual({ kind: 'applied', reissuedVoucherId: 'R1' })
    // Before the attempt, of another template, or already another reversal's reissue: not it.
    expect(platformVerdict(reverse, [v('V1', 'ISUSED'), v('R0', 'NORMAL', { gmt_created: '2026-12-04 17:59:59' })])).toEqual({
      kind: 'not_applied',
    })
    expect(
      platformVerdict(reverse, [v('V1', 'ISUSED'), v('R2', 'NORMAL', { gmt_created: '2026-12-04 18:01:00', voucher_template_id: 'T2' })]),
    ).toEqual({ kind: 'not_applied' })
    expect(
      platformVerdict(reverse, [v('V1', 'DELETED'), v('R1', 'NORMAL', { gmt_created: '2026-12-04 18:00:05' })], new Set(['R1'])),
    ).toEqual({
      kind: 'undecided',
      why: 'deleted',
    })
  })

  it('several candidates cannot be told apart: undecided, with the candidates', () => {
    const listed = [
      v('V1', 'DELETED'),
      v('R1', 'NORMAL', { gmt_created: '2026-12-04 18:00:01' }),
      v('R2', 'NORMAL', { gmt_created: '2026-12-04 18:00:02' }),
    ]
    expect(platformVerdict(reverse, listed)).toEqual({ kind: 'undecided', why: 'severalReissued', candidates: ['R1', 'R2'] })
  })

  it('still ISUSED with no reissue: not applied; not listed: undecided', () => {
    expect(platformVerdict(reverse, [v('V1', 'ISUSED')])).toEqual({ kind: 'not_applied' })
    expect(platformVerdict(reverse, [])).toEqual({ kind: 'undecided', why: 'notListed' })
  })
})

describe('parseTopTime', () => {
  it('reads GMT+8 wall-clock text, and nothing else', () => {
    expect(parseTopTime('2026-12-04 18:00:00')).toBe(Date.parse('2026-12-04T10:00:00Z'))
    expect(parseTopTime('2026-12-04T18:00:00')).toBeUndefined()
    expect(parseTopTime(undefined)).toBeUndefined()
  })
})
