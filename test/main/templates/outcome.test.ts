import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '@main/ipc/app-error'
import { outcomeOfError, outcomeOfReply, queryOutcomeOfError, queryOutcomeOfReply } from '@main/services/templates/outcome'
import { TopError, TopResponseError, TopTransportError } from '@main/top/errors'

const NOW = new Date('2025-01-10T02:00:00.000Z')
const topError = (code: number, sub_code?: string, sub_msg?: string) =>
  new TopError({ code, msg: 'x', ...(sub_code ? { sub_code } : {}), ...(sub_msg ? { sub_msg } : {}) }, { localNow: NOW })
const unreadable = () =>
  new TopResponseError(
    'm',
    z.object({ result: z.object({ success: z.boolean() }) }).safeParse({ result: 'ok' }).error!,
    { result: 'ok' },
    'tr1',
  )

describe('attempt outcome', () => {
  it('takes the template id from `model` only for a create, and only if it is an id; keeps the whole answer', () => {
    expect(outcomeOfReply({ data: { result: { success: true, model: '9007199254741001' } }, gatewayRequestId: 'tr' }, undefined)).toEqual({
      kind: 'submitted',
      templateId: '9007199254741001',
      response: { success: true, model: '9007199254741001' },
      gatewayRequestId: 'tr',
    })
    expect(outcomeOfReply({ data: { result: { success: true, model: '空' } } }, undefined)).toMatchObject({
      kind: 'submitted',
      templateId: null,
      response: { success: true, model: '空' },
      gatewayRequestId: null,
    })
    expect(outcomeOfReply({ data: { result: { success: true, model: '5' } } }, '42')).toMatchObject({ kind: 'submitted', templateId: '42' })
  })

  it('reads no error code as a conflict: a business "no" is a rejection with its answer kept', () => {
    const outcome = outcomeOfReply({ data: { result: { success: false, err_code: 'VERSION_CONFLICT', err_msg: '模板已被修改' } } }, '1')
    expect(outcome).toEqual({
      kind: 'rejected',
      error: {
        key: 'templates.outcome.rejected',
        params: { errCode: 'VERSION_CONFLICT', errMsg: '模板已被修改' },
        top: { errCode: 'VERSION_CONFLICT', errMsg: '模板已被修改' },
      },
      answer: { response: { success: false, err_code: 'VERSION_CONFLICT', err_msg: '模板已被修改' }, gatewayRequestId: null },
      afterPossibleDelivery: false,
    })
    // The same "no" after the client's own retry of a lost reply answers a repeat.
    const repeat = outcomeOfReply({ data: { result: { success: false, err_code: 'X' } }, maybeDeliveredEarlier: true }, '1')
    expect(repeat).toMatchObject({ kind: 'rejected', afterPossibleDelivery: true })
    expect(outcomeOfError(topError(15, 'isv.unique-id-conflict'), NOW)).toMatchObject({ kind: 'refused' })
  })

  it.each([
    ['refused before sending', new TopTransportError('refused', false), { kind: 'unreachable', maybeDelivered: false }],
    ['reset after sending', new TopTransportError('reset', true), { kind: 'retry', maybeDelivered: true }],
    ['a 502 from a proxy', new TopTransportError('http-status', true, { status: 502 }), { kind: 'retry', maybeDelivered: true }],
    ['a 404', new TopTransportError('http-status', true, { status: 404 }), { kind: 'refused' }],
    ['our own abort at shutdown', new TopTransportError('aborted', true), { kind: 'retry', maybeDelivered: true }],
    ['isp fault', topError(50, 'isp.service-unavailable'), { kind: 'retry', maybeDelivered: true }],
    [
      'an answer that does not read',
      unreadable(),
      { kind: 'retry', maybeDelivered: true, error: { key: 'top.error.response', top: { gatewayRequestId: 'tr1' } } },
    ],
    ['invalid parameter', topError(41, 'isv.invalid-parameter'), { kind: 'refused' }],
    ['expired session', topError(27), { kind: 'refused' }],
    ['no profile', new AppError('not-found', 'vault.profileNotFound'), { kind: 'retry', maybeDelivered: false }],
  ])('%s', (_name, error, expected) => {
    expect(outcomeOfError(error, NOW)).toMatchObject(expected)
  })

  it('waits out a ban of stated length until it ends, not on the backoff', () => {
    const outcome = outcomeOfError(topError(7, 'accesscontrol.limited-by-api-access-count', 'This ban will last for 30 more seconds'), NOW)
    expect(outcome).toMatchObject({ kind: 'retry', maybeDelivered: false })
    expect(outcome.kind === 'retry' && outcome.retryAt?.toISOString()).toBe('2025-01-10T02:00:30.000Z')
    // Unstated length: no end to wait for, so the usual backoff applies.
    const untimed = outcomeOfError(topError(7, 'accesscontrol.limited'), NOW)
    expect(untimed.kind === 'retry' && untimed.retryAt).toBeUndefined()
  })

  it('never lets a refusal be final when the client retried after a lost reply inside the call', () => {
    // The client's first attempt was sent and its reply lost; its retry was then refused. The
    // first attempt may have been applied, so the submission keeps its unique_id and is resent.
    const afterLostReply = (error: TopError) => Object.assign(error, { maybeDeliveredEarlier: true })
    expect(outcomeOfError(afterLostReply(topError(27)), NOW)).toMatchObject({
      kind: 'retry',
      maybeDelivered: true,
      error: { key: 'top.error.session.invalid' },
    })
    const banned = outcomeOfError(
      afterLostReply(topError(7, 'accesscontrol.limited-by-api-access-count', 'This ban will last for 30 more seconds')),
      NOW,
    )
    expect(banned).toMatchObject({ kind: 'retry', maybeDelivered: true })
    expect(banned.kind === 'retry' && banned.retryAt?.toISOString()).toBe('2025-01-10T02:00:30.000Z')
    // The same refusals without a lost reply before them stay what they are.
    expect(outcomeOfError(topError(27), NOW)).toMatchObject({ kind: 'refused' })
  })

  it('keeps the TOP code and sub_code with the translated key', () => {
    expect(outcomeOfError(topError(41, 'isv.invalid-parameter', '非法参数'), NOW)).toEqual({
      kind: 'refused',
      error: {
        key: 'top.error.caller.invalidParameter',
        params: { detail: '非法参数' },
        top: { code: 41, msg: 'x', subCode: 'isv.invalid-parameter', subMsg: '非法参数' },
      },
    })
  })
})

describe('pre-send query outcome', () => {
  it('finds the template, or says in words why there is nothing to compare', () => {
    const model = {
      apply_limit_config: { coupon_total_lmt: 1 },
      common_config: { title: 't', description: 'd', type: 11 as const },
      id: '1',
    }
    expect(queryOutcomeOfReply({ data: { result: { success: true, model: { coupon_template: model } } } })).toEqual({
      kind: 'found',
      template: model,
    })
    expect(queryOutcomeOfReply({ data: { result: { success: true } } })).toMatchObject({
      kind: 'unavailable',
      reason: { key: 'templates.check.noModel' },
    })
    expect(queryOutcomeOfReply({ data: { result: { success: false, err_code: 'TEMPLATE_NOT_FOUND' } } })).toMatchObject({
      kind: 'unavailable',
      reason: { key: 'templates.check.refused', params: { errCode: 'TEMPLATE_NOT_FOUND' } },
    })
  })

  it.each([
    ['an unknown method (22)', topError(22), 'unavailable'],
    ['no permission (11)', topError(11, 'isv.permission-api-package-limit'), 'unavailable'],
    ['user permission (12)', topError(12), 'unavailable'],
    ['our assumed parameter refused (40)', topError(40, 'isv.missing-parameter'), 'unavailable'],
    ['an unreadable reply', unreadable(), 'unavailable'],
    ['a platform fault', topError(50, 'isp.service-unavailable'), 'later'],
    ['a ban', topError(7, 'accesscontrol.limited', 'This ban will last for 5 more seconds'), 'later'],
    ['no network', new TopTransportError('refused', false), 'later'],
    // The update meets the same 4xx and reports it; waiting would retry the query for ever.
    ['a 4xx', new TopTransportError('http-status', true, { status: 404 }), 'unavailable'],
  ])('%s', (_name, error, kind) => {
    const outcome = queryOutcomeOfError(error, NOW)
    expect(outcome.kind).toBe(kind)
    // Nothing of the update has left: a query can never make the submission possibly delivered.
    if (outcome.kind === 'later') expect(outcome.outcome.maybeDelivered).toBe(false)
  })

  it('does not count a lost query reply as a delivered update', () => {
    expect(queryOutcomeOfError(new TopTransportError('reset', true), NOW)).toEqual({
      kind: 'later',
      outcome: { kind: 'retry', maybeDelivered: false, error: { key: 'top.error.transport.outcomeUnknown', params: {} } },
    })
  })
})
