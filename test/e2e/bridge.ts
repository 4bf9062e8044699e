import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname } from 'node:path'
import { resolveInside } from '@main/static-path'
import type { EventHub } from '@main/ipc/events'
import type { Router } from '@main/ipc/router'
import { CONTENT_SECURITY_POLICY } from '@main/security'
import { fail } from '@contract/ipc/envelope'

/** Where the page posts its calls: `/__bridge/<channel>`. */
export const BRIDGE_PREFIX = '/__bridge/'
/** Where the page opens its one stream of pushed events (Server-Sent Events framing, over a POST). */
export const EVENTS_PATH = '/__bridge-events'
export const TOKEN_HEADER = 'x-coupon-desk-token'
const MAX_BODY_BYTES = 8 * 1024 * 1024

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export interface LoopbackBridge {
  readonly url: string
  readonly token: string
  close(): Promise<void>
}

/**
 * Stands in for Electron's IPC in browser tests: serves the built renderer and the same router the
 * app registers on ipcMain, on 127.0.0.1 only, and streams what main pushes (the event hub the
 * app forwards with webContents.send). The sender check is the token (given to the page by its
 * init script, new every run) plus the page's own origin, the browser's equivalent of "the app's
 * main frame on the app's origin"; the stream is a POST so that the browser sends that origin.
 */
export async function startLoopbackBridge(
  router: Router,
  rendererDir: string,
  events?: Pick<EventHub, 'subscribe'>,
): Promise<LoopbackBridge> {
  const token = randomBytes(24).toString('hex')
  let origin = ''

  const trusted = (req: IncomingMessage): boolean => {
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''))
    const expected = Buffer.from(token)
    const tokenOk = given.length === expected.length && timingSafeEqual(given, expected)
    return tokenOk && req.headers.origin === origin
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST' || !trusted(req)) {
      return sendJson(res, 403, fail({ code: 'forbidden', key: 'ipc.forbidden' }))
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) return sendJson(res, 413, fail({ code: 'invalid-input', key: 'ipc.invalidInput' }))
      chunks.push(chunk as Buffer)
    }
    let payload: unknown
    try {
      // `{ payload }` rather than the bare value, so "no payload" (undefined) survives JSON.
      payload = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { payload?: unknown }).payload
    } catch {
      return sendJson(res, 400, fail({ code: 'invalid-input', key: 'ipc.invalidInput' }))
    }
    sendJson(res, 200, await router.dispatch(channel, payload))
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || !trusted(req) || !events) {
      return sendJson(res, 403, fail({ code: 'forbidden', key: 'ipc.forbidden' }))
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    // The first bytes tell the page it is subscribed: its calls wait for them, so no push is missed.
    res.write(': open\n\n')
    const unsubscribe = events.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    req.socket.setKeepAlive(true)
    res.once('close', unsubscribe)
  }

  async function serveFile(res: ServerResponse, pathname: string): Promise<void> {
    const file = resolveInside(rendererDir, pathname)
    if (!file) return sendText(res, 404, 'Not found')
    try {
      const body = await readFile(file)
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
      res.end(body)
    } catch {
      sendText(res, 404, 'Not found')
    }
  }

  const server: Server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', origin || 'http://127.0.0.1')
    if (pathname === EVENTS_PATH) return serveEvents(req, res)
    const done = pathname.startsWith(BRIDGE_PREFIX)
      ? serveCall(req, res, decodeURIComponent(pathname.slice(BRIDGE_PREFIX.length)))
      : serveFile(res, pathname)
    done.catch(() => sendText(res, 500, 'bridge error'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: origin,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end()
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}
