import type { IncomingMessage, ServerResponse } from 'node:http'
import { FaultCommandSchema } from './faults'
import type { SandboxGateway } from './gateway'
import { stringifyJsonText } from './json-text'
import { readBody } from './request-params'

/**
 * The sandbox's control API, for browser tests that cannot reach the gateway object:
 *   GET  /__sandbox/state    vouchers, applied actions, templates, calls and faults, as JSON
 *   POST /__sandbox/faults   a `FaultCommand` as JSON, e.g. {"dropAfterCommit": 1} or
 *                            {"deduplicateRequestIds": false} (a server that ignores request_id)
 * Loopback callers only. POST needs `content-type: application/json`, which a web page cannot
 * send cross-origin without a CORS preflight that this API never grants.
 */
const STATE_PATH = '/__sandbox/state'
const FAULTS_PATH = '/__sandbox/faults'

export function isControlPath(path: string): boolean {
  return path.startsWith('/__sandbox/')
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export async function handleControl(gateway: SandboxGateway, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return sendJson(res, 403, { error: 'loopback only' })

  if (path === STATE_PATH && req.method === 'GET') return sendJson(res, 200, stateOf(gateway))

  if (path === FAULTS_PATH && req.method === 'POST') {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { error: 'content-type must be application/json' })
    }
    let body: unknown
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'))
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' })
    }
    const command = FaultCommandSchema.safeParse(body)
    if (!command.success) return sendJson(res, 400, { error: 'invalid fault command', issues: command.error.issues })
    const { offlineMs, deduplicateRequestIds } = command.data
    gateway.faults.apply(command.data)
    if (deduplicateRequestIds !== undefined) gateway.ledger.deduplicateRequestIds = deduplicateRequestIds
    // Answer first: going offline closes this very connection.
    if (offlineMs !== undefined) res.once('finish', () => void gateway.goOffline(offlineMs))
    return sendJson(res, 200, { faults: gateway.faults.snapshot(), deduplicateRequestIds: gateway.ledger.deduplicateRequestIds })
  }
  return sendJson(res, 404, { error: 'unknown control route' })
}

function stateOf(gateway: SandboxGateway) {
  return {
    online: gateway.online,
    vouchers: gateway.ledger.all(),
    actions: gateway.ledger.log,
    deduplicateRequestIds: gateway.ledger.deduplicateRequestIds,
    templates: gateway.templates.all(),
    calls: gateway.calls,
    faults: gateway.faults.snapshot(),
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' })
  res.end(stringifyJsonText(body))
}
