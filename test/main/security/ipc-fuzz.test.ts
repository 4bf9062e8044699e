import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_ERROR_CODES, type Envelope } from '@contract/ipc/envelope'
import { CHANNELS, registry, type Channel } from '@contract/ipc/registry'
import { createRouter, type Router } from '@main/ipc/router'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { fromSchema, randomJson, seededRng } from '../../support/fuzz'
import { filesContaining } from '../../support/files'
import { MemorySecretStore } from '../../support/memory-secret-store'

const TOTAL_PAYLOADS = 10_000
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123)
const SECRET = 'fuzz-app-secret-0d6b2e-MUST-NOT-LEAK'
const SESSION = 'fuzz-session-key-8e41aa-MUST-NOT-LEAK'

function inputJsonSchema(channel: Channel): object | undefined {
  try {
    return z.toJSONSchema(registry[channel].input, { io: 'input', unrepresentable: 'any' })
  } catch {
    return undefined // a schema JSON Schema cannot express: random payloads only
  }
}

/** What is wrong with a reply, or undefined when it is a proper answer. */
function problemWith(reply: Envelope<unknown>): string | undefined {
  if (typeof reply !== 'object' || reply === null || typeof reply.ok !== 'boolean') return 'not an envelope'
  if (reply.ok) return undefined // the router already checked it against the output schema
  const { error } = reply
  if (!IPC_ERROR_CODES.includes(error.code)) return `unknown error code ${error.code}`
  if (error.code === 'internal') return `internal error ${error.key}: a handler threw something unexpected`
  if (typeof error.key !== 'string' || error.key.length === 0) return 'error without a message key'
  if (error.code === 'invalid-input' && !(error.issues?.length && error.issues.every((i) => Array.isArray(i.path) && i.key)))
    return 'invalid input without field-level issues'
  return undefined
}

describe('IPC fuzz: random and mutated payloads on every channel', () => {
  let services: AppServices
  let router: Router
  let dataDir: string
  const replies: unknown[] = []
  const problems: string[] = []
  const unexpected: string[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cd-fuzz-'))
    services = await createAppServices({
      dataDir,
      version: 'fuzz',
      secrets: new MemorySecretStore(),
      clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 2, maxBanWaitSeconds: 0 },
    })
    router = createRouter(services.handlers, {
      validateOutput: true,
      onUnexpectedError: (channel, error) => unexpected.push(`${channel}: ${error instanceof Error ? error.stack : String(error)}`),
    })
    // A configured production profile, so its secrets exist somewhere to leak from.
    const saved = await router.dispatch('profiles.save', {
      name: '正式门店',
      kind: 'sandbox',
      gatewayUrl: services.sandbox.url,
      appKey: services.sandbox.credentials.appKey,
      appSecret: SECRET,
      sessionKey: SESSION,
    })
    expect(saved.ok).toBe(true)
  })
  afterAll(() => services?.dispose())

  it(`answers ${TOTAL_PAYLOADS} payloads across ${CHANNELS.length} channels with a valid reply or a field-level error`, async () => {
    const rng = seededRng(SEED)
    const perChannel = Math.ceil(TOTAL_PAYLOADS / CHANNELS.length)
    let sent = 0
    for (const channel of CHANNELS) {
      const schema = inputJsonSchema(channel)
      for (let i = 0; i < perChannel; i++) {
        const payload = schema && i % 3 !== 0 ? fromSchema(schema, rng, i % 3 === 1 ? 0.05 : 0.3) : randomJson(rng)
        const reply = await router.dispatch(channel, payload)
        replies.push(reply)
        sent++
        const problem = problemWith(reply)
        if (problem && problems.length < 20) problems.push(`${channel} #${i}: ${problem} (seed ${SEED})`)
      }
    }
    expect(sent).toBeGreaterThanOrEqual(TOTAL_PAYLOADS)
    expect(unexpected.slice(0, 5)).toEqual([])
    expect(problems).toEqual([])
  }, 240_000)

  it('unknown channels and prototype names are refused, not crashed on', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'app.info.x', 'profiles.list '])
      expect(await router.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('no secret appears in any reply or in any file the app wrote', () => {
    const text = JSON.stringify(replies)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(SESSION)
    expect(filesContaining(dataDir, [SECRET, SESSION])).toEqual([])
  })
})
