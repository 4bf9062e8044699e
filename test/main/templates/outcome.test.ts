import { describe, expect, it } from 'vitest'
import { AppError } from '@main/ipc/app-error'
import { outcomeOfError, outcomeOfReply } from '@main/services/templates/outcome'
import { TopError, TopTransportError } from '@main/top/errors'

const topError = (code: number, sub_code?: string, sub_msg?: string) =>
  new TopError({ code, msg: 'x', ...(sub_code ? { sub_code } : {}), ...(sub_msg ? { sub_msg } : {}) }, { localNow: new Date() })

describe('attempt outcome', () => {
  it('takes the template id from `model` only for a create, and only if it is an id', () => {
    expect(outcomeOfReply({ data: { result: { success: true, model: '9007199254741001' } } }, undefined)).toEqual({
      kind: 'submitted',
      templateId: '9007199254741001',
    })
    expect(outcomeOfReply({ data: { result: { success: true, model: '空' } } }, undefined)).toEqual({
      kind: 'submitted',
      templateId: null,
    })
    expect(outcomeOfReply({ data: { result: { success: true, model: '5' } } }, '42')).toEqual({ kind: 'submitted', templateId: '42' })
  })

  it('reads a business "changed meanwhile" code as a conflict', () => {
    const outcome = outcomeOfReply({ data: { result: { success: false, err_code: 'VERSION_CONFLICT', err_msg: '模板已被修改' } } }, '1')
    expect(outcome).toMatchObject({ kind: 'conflict', error: { key: 'templates.outcome.conflict', top: { errCode: 'VERSION_CONFLICT' } } })
  })

  it.each([
    ['refused before sending', new TopTransportError('refused', false), { kind: 'unreachable', maybeDelivered: false }],
    ['reset after sending', new TopTransportError('reset', true), { kind: 'retry', maybeDelivered: true }],
    ['a 502 from a proxy', new TopTransportError('http-status', true, { status: 502 }), { kind: 'retry', maybeDelivered: true }],
    ['a 404', new TopTransportError('http-status', true, { status: 404 }), { kind: 'failed' }],
    ['our own abort at shutdown', new TopTransportError('aborted', true), { kind: 'retry', maybeDelivered: true }],
    ['isp fault', topError(50, 'isp.service-unavailable'), { kind: 'retry', maybeDelivered: true }],
    ['a ban', topError(7, 'accesscontrol.limited', 'This ban will last for 30 more seconds'), { kind: 'retry', maybeDelivered: false, minDelayMs: 30_000 }],
    ['unique_id reused', topError(15, 'isv.unique-id-conflict'), { kind: 'conflict' }],
    ['invalid parameter', topError(41, 'isv.invalid-parameter'), { kind: 'failed' }],
    ['expired session', topError(27), { kind: 'failed' }],
    ['no profile', new AppError('not-found', 'vault.profileNotFound'), { kind: 'retry', maybeDelivered: false }],
  ])('%s', (_name, error, expected) => {
    expect(outcomeOfError(error)).toMatchObject(expected)
  })

  it('keeps the TOP code and sub_code with the translated key', () => {
    expect(outcomeOfError(topError(41, 'isv.invalid-parameter', '非法参数'))).toEqual({
      kind: 'failed',
      error: {
        key: 'top.error.caller.invalidParameter',
        params: { detail: '非法参数' },
        top: { code: 41, msg: 'x', subCode: 'isv.invalid-parameter', subMsg: '非法参数' },
      },
    })
  })
})
