import { describe, expect, it } from 'vitest'
import { topIpcError } from '@main/ipc/top-error'
import { TopError } from '@main/top/errors'

const localNow = new Date('2024-05-20T05:00:00Z')

describe('a TOP failure at the IPC edge', () => {
  it('converts to the IPC error shape with the raw platform fields', () => {
    const error = new TopError({ code: 27, msg: 'Invalid session', sub_code: 'invalid-sessionkey', request_id: 'trace' }, { localNow })
    expect(topIpcError(error)).toEqual({
      code: 'top-error',
      key: 'top.error.session.invalid',
      params: {},
      top: { code: 27, msg: 'Invalid session', subCode: 'invalid-sessionkey', gatewayRequestId: 'trace', retryClass: 'session' },
    })
  })
})
