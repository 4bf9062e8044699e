import type { IncomingMessage } from 'node:http'

/** Bigger bodies are refused: TOP requests without files are a few kilobytes. */
export const MAX_BODY_BYTES = 1024 * 1024

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

/**
 * All parameters of a request: the query string (where the Java SDK puts system parameters)
 * plus the body, form-urlencoded (our client) or multipart (the official Node SDK). File parts
 * are skipped: TOP leaves them out of the signature too.
 */
export async function readRequestParams(req: IncomingMessage): Promise<Record<string, string>> {
  const params: Record<string, string> = {}
  const query = new URL(req.url ?? '/', 'http://sandbox').searchParams
  for (const [name, value] of query) params[name] = value

  const body = await readBody(req)
  const contentType = req.headers['content-type'] ?? ''
  if (body.length > 0 && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
    for (const [name, value] of form) {
      if (typeof value === 'string') params[name] = value
    }
  }
  return params
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`request body over ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
