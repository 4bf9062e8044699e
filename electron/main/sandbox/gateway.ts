import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { handleControl, isControlPath } from './control'
import { SANDBOX_CREDENTIALS, type SandboxCredentials } from './credentials'
import { errorReply, successReply, type ReplyBody } from './envelope'
import { FaultPlan } from './faults'
import { checkSystemParams, platformError, responseFormat, type PlatformError } from './protocol'
import { BodyTooLargeError, readRequestParams } from './request-params'
import { createServices, type SandboxService } from './services'
import { TemplateStore } from './templates'
import { VoucherLedger } from './vouchers'

/**
 * A local stand-in for the TOP gateway (`/router/rest`) serving the APIs Coupon Desk uses, for
 * training, development and tests. It speaks the real protocol: signatures (all three methods),
 * GMT+8 timestamps, sessions, platform error codes, wrapped and simplified JSON, XML, business
 * idempotency (a switch), and injectable network faults. It shares no code with the app's TOP
 * client or its contract: requests are read, and answers shaped, by TOP's API metadata.
 *
 * It is a server on the PC, so it answers only what the app's client sends: POST to
 * `/router/rest` with `Host: 127.0.0.1:<its port>`. A web page in the PC's browser can neither read
 * a reply nor reach it by DNS rebinding (its requests carry the page's host name).
 */
export interface SandboxGatewayOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Loopback only: the sandbox is for this PC. */
  host?: '127.0.0.1'
  credentials?: SandboxCredentials
  /** The gateway's clock, for timestamp checks, bans and the `Date` header. */
  now?: () => Date
  /** Serve `/__sandbox/*` (state and fault control for browser tests). */
  control?: boolean
  /** Voucher calls: replay a repeated `request_id` (default) or process it anew. See `VoucherLedgerOptions`. */
  deduplicateRequestIds?: boolean
  /** `template.update` without an id creates (default, the client's old way) or is refused as TOP's would. */
  updateCreatesWithoutId?: boolean
  /** How many of the most recent calls `calls` keeps (default `CALL_LOG_LIMIT`). */
  callLogLimit?: number
}

/** The call log keeps the most recent 1,000 calls: enough for any test or a day's training, bounded memory. */
export const CALL_LOG_LIMIT = 1000

export type CallOutcome = 'ok' | 'replayed' | 'error' | 'http-error' | 'dropped'

/** One request to `/router/rest`, as the gateway saw it. */
export interface SandboxCall {
  readonly seq: number
  readonly at: string
  readonly method: string | null
  /** The business idempotency key: voucher `request_id` or template `unique_id`. */
  readonly businessKey?: string
  readonly outcome: CallOutcome
  readonly code?: number
  readonly subCode?: string
  readonly gatewayRequestId?: string
  /** The request's `Connection` header, when it had one (`keep-alive` from a pooling client). */
  readonly connectionHeader?: string
  /** Fields of the request object that the API's metadata does not list (the platform ignores them). */
  readonly ignoredFields?: readonly string[]
}

export interface SandboxGateway {
  /** Base URL, e.g. `http://127.0.0.1:8830`; the API lives at `${url}/router/rest`. */
  readonly url: string
  readonly port: number
  readonly credentials: SandboxCredentials
  readonly ledger: VoucherLedger
  readonly templates: TemplateStore
  readonly faults: FaultPlan
  /** The most recent calls, oldest first, at most `callLogLimit`. */
  readonly calls: readonly SandboxCall[]
  /**
   * API requests whose body has been read in full. A call is listed in `calls` only once it is
   * answered; this counts it from the moment the gateway has it (held by `latency`, say), which
   * is what a test waits for before it kills the client.
   */
  readonly requestsReceived: number
  /** TCP connections accepted so far: fewer than calls means clients reuse connections. */
  readonly connectionsAccepted: number
  readonly online: boolean
  /** Closes the listener and every connection: clients now get "connection refused". */
  stop(): Promise<void>
  /** Listens again on the same port, with the same state. */
  start(): Promise<void>
  /** `stop()`, and `start()` again after `ms` if given: the network dropping out. */
  goOffline(ms?: number): Promise<void>
}

export async function startSandboxGateway(options: SandboxGatewayOptions = {}): Promise<SandboxGateway> {
  const gateway = new Gateway(options)
  await gateway.start()
  return gateway
}

class Gateway implements SandboxGateway {
  readonly credentials: SandboxCredentials
  readonly ledger: VoucherLedger
  readonly templates = new TemplateStore()
  readonly faults: FaultPlan
  readonly #calls: SandboxCall[] = []
  readonly #callLogLimit: number
  #callSeq = 0
  readonly #services: ReadonlyMap<string, SandboxService>
  readonly #now: () => Date
  readonly #host: string
  readonly #control: boolean
  readonly #server: Server
  #port: number
  #reopenTimer: NodeJS.Timeout | undefined
  #requestsReceived = 0
  #connectionsAccepted = 0

  constructor(options: SandboxGatewayOptions) {
    this.credentials = options.credentials ?? SANDBOX_CREDENTIALS
    this.#now = options.now ?? (() => new Date())
    this.#host = options.host ?? '127.0.0.1'
    this.#port = options.port ?? 0
    this.#control = options.control ?? false
    this.#callLogLimit = options.callLogLimit ?? CALL_LOG_LIMIT
    this.faults = new FaultPlan(this.#now)
    this.ledger = new VoucherLedger(undefined, { deduplicateRequestIds: options.deduplicateRequestIds ?? true, now: this.#now })
    this.#services = createServices(this.ledger, this.templates, {
      updateCreatesWithoutId: options.updateCreatesWithoutId ?? true,
    })
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch((error: unknown) => failInternally(res, error))
    })
    this.#server.on('connection', () => this.#connectionsAccepted++)
  }

  get port(): number {
    return this.#port
  }

  get url(): string {
    return `http://${this.#host}:${this.#port}`
  }

  get calls(): readonly SandboxCall[] {
    return this.#calls
  }

  get requestsReceived(): number {
    return this.#requestsReceived
  }

  get connectionsAccepted(): number {
    return this.#connectionsAccepted
  }

  get online(): boolean {
    return this.#server.listening
  }

  async start(): Promise<void> {
    if (this.#server.listening) return
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', reject)
        resolve()
      })
    })
    this.#port = (this.#server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    clearTimeout(this.#reopenTimer)
    if (!this.#server.listening) return
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    // Idle keep-alive sockets would otherwise keep answering: offline means offline.
    this.#server.closeAllConnections()
    await closed
  }

  async goOffline(ms?: number): Promise<void> {
    await this.stop()
    if (ms !== undefined) {
      this.#reopenTimer = setTimeout(() => void this.start().catch(() => undefined), ms)
      this.#reopenTimer.unref()
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before anything is read: a foreign Host is a browser page (DNS rebinding), not our client.
    if (req.headers.host !== `${this.#host}:${this.#port}`) return sendPlain(res, 403, 'Forbidden: unexpected Host')
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname
    if (this.#control && isControlPath(path)) return handleControl(this, path, req, res)
    if (path !== '/router/rest') return sendPlain(res, 404, 'Not Found')
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST')
      return sendPlain(res, 405, 'Method Not Allowed')
    }
    return this.#serveApiCall(req, res)
  }

  async #serveApiCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const gatewayRequestId = newGatewayRequestId()
    let params: Record<string, string>
    try {
      params = await readRequestParams(req)
      this.#requestsReceived++
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendPlain(res, 413, 'Payload Too Large')
      throw error
    }
    const method = params.method ?? ''
    const format = responseFormat(params)
    const connectionHeader = req.headers.connection
    const record = (entry: Omit<SandboxCall, 'seq' | 'at' | 'method'>) => {
      this.#calls.push({
        seq: ++this.#callSeq,
        at: this.#now().toISOString(),
        method: method || null,
        ...entry,
        ...(connectionHeader === undefined ? {} : { connectionHeader }),
      })
      if (this.#calls.length > this.#callLogLimit) this.#calls.splice(0, this.#calls.length - this.#callLogLimit)
    }
    const refuse = (error: PlatformError, businessKey?: string) => {
      record({ outcome: 'error', code: error.code, ...subCodeOf(error), gatewayRequestId, ...keyOf(businessKey) })
      this.#send(res, errorReply({ ...error, request_id: gatewayRequestId }, format))
    }

    const latency = this.faults.latencyFor(method)
    if (latency > 0) await delay(latency)

    const httpFault = this.faults.take('http-error', method)
    if (httpFault) {
      record({ outcome: 'http-error', code: httpFault.status })
      return sendPlain(res, httpFault.status ?? 502, 'Bad Gateway')
    }
    const checked = checkSystemParams(params, {
      credentials: this.credentials,
      now: this.#now(),
      isKnownMethod: (m) => this.#services.has(m),
      needsSession: (m) => this.#services.get(m)?.needsSession ?? false,
    })
    if (!checked.ok) return refuse(checked.error)
    const { call } = checked

    const banSeconds = this.faults.banRemainingSeconds(call.method)
    if (banSeconds !== undefined) {
      return refuse(
        platformError(7, {
          sub_code: 'accesscontrol.limited-by-api-access-count',
          sub_msg: `This ban will last for ${banSeconds} more seconds`,
        }),
      )
    }
    if (this.faults.take('isp-error', call.method)) {
      return refuse(platformError(50, { sub_code: 'isp.top-remote-service-unavailable', sub_msg: '服务暂时不可用，请稍后重试' }))
    }

    const service = this.#services.get(call.method)!
    const outcome = service.handle(params)

    if (this.faults.take('drop-after-commit', call.method)) {
      record({ outcome: 'dropped', gatewayRequestId, ...keyOf(outcome.businessKey) })
      req.socket.destroy()
      return
    }
    if (outcome.kind === 'error') return refuse(outcome.error, outcome.businessKey)
    record({
      outcome: outcome.replayed ? 'replayed' : 'ok',
      gatewayRequestId,
      ...keyOf(outcome.businessKey),
      ...(outcome.ignoredFields.length > 0 ? { ignoredFields: outcome.ignoredFields } : {}),
    })
    this.#send(
      res,
      successReply(call.method, outcome.payload, { ...call, requestId: gatewayRequestId, responseParams: service.responseParams }),
    )
  }

  #send(res: ServerResponse, reply: ReplyBody): void {
    res.writeHead(200, { 'content-type': reply.contentType, date: this.#now().toUTCString() })
    res.end(reply.text)
  }
}

/** TOP's trace ids are short lowercase base-36 strings. */
function newGatewayRequestId(): string {
  return BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36)
}

function subCodeOf(error: PlatformError): { subCode?: string } {
  return error.sub_code === undefined ? {} : { subCode: error.sub_code }
}

function keyOf(businessKey: string | undefined): { businessKey?: string } {
  return businessKey === undefined ? {} : { businessKey }
}

export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain;charset=UTF-8' })
  res.end(text)
}

function failInternally(res: ServerResponse, error: unknown): void {
  console.error('[sandbox] request failed:', error)
  if (!res.headersSent) sendPlain(res, 500, 'Internal Server Error')
  else res.destroy()
}
