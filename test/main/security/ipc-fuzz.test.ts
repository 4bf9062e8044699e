import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_ERROR_CODES, type Envelope } from '@contract/ipc/envelope'
import { CHANNELS, registry, type Channel } from '@contract/ipc/registry'
import { SANDBOX_PROFILE_ID, type ProfileView } from '@contract/profiles'
import { createRouter, type Router } from '@main/ipc/router'
import { startSandboxGateway, type SandboxGateway } from '@main/sandbox/gateway'
import { createAppServices, type AppServices } from '@main/services/app-services'
import { createKeytarStore, type SecretStore } from '@main/vault/secret-store'
import { secretAccount } from '@main/vault/vault'
import { fromSchema, randomJson, seededRng } from '../../support/fuzz'
import { filesContaining } from '../../support/files'
import { MemorySecretStore } from '../../support/memory-secret-store'
import { keychainPromisedBy, probeKeychain } from '../vault/helpers'

const PAYLOADS_PER_CHANNEL = 10_000
/**
 * The first payloads of each channel run with the production profile active, so handlers read its
 * secrets from the keychain and sign with them; the rest run in training mode. Not all of them:
 * every keychain read is a D-Bus round trip (~1 ms), which at 10,000 × 30 would take minutes.
 */
const PRODUCTION_SLICE = 500
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123)
const APP_KEY = '23456789'
const SECRET = 'fuzz-app-secret-0d6b2e-MUST-NOT-LEAK'
const SESSION = 'fuzz-session-key-8e41aa-MUST-NOT-LEAK'
/** A keychain service of its own, so the run never touches (or leaves) the app's real entries. */
const KEYCHAIN_SERVICE = `coupon-desk-fuzz-${randomUUID()}`
const keytar = () => createRequire(import.meta.url)('keytar') as typeof import('keytar')

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

/**
 * The OS keychain when one answers; otherwise why not. Where one was promised (CI, and
 * scripts/with-keyring.sh) its absence fails the run; locally, without a Secret Service, the fuzz
 * still runs on an in-memory store and only the "it is in the keychain" test is skipped, saying why.
 */
async function keychainOrReason(): Promise<{ store: SecretStore } | { reason: string }> {
  const store = createKeytarStore(KEYCHAIN_SERVICE)
  const reason = await probeKeychain(store)
  if (reason === undefined) return { store }
  const promisedBy = keychainPromisedBy(process.env)
  if (promisedBy) throw new Error(`${promisedBy} must provide an unlocked OS keychain for the fuzz test, but: ${reason}`)
  return { reason }
}

describe('IPC fuzz: random and mutated payloads on every channel', () => {
  let services: AppServices
  let router: Router
  let dataDir: string
  /** The shop's "production" gateway: a sandbox of its own on 127.0.0.1 that only knows the fuzz secrets. */
  let shopGateway: SandboxGateway
  let keychainMissing: string | undefined
  let production: ProfileView
  const sentPerChannel = new Map<Channel, number>()
  let repliesSearched = 0
  const leaks: string[] = []
  const problems: string[] = []
  const unexpected: string[] = []

  /** Every reply is searched for the secrets as it arrives (hundreds of thousands would not fit in memory). */
  function search(label: string, reply: unknown): void {
    const text = JSON.stringify(reply)
    repliesSearched++
    if ((text.includes(SECRET) || text.includes(SESSION)) && leaks.length < 5) leaks.push(`${label}: ${text.slice(0, 300)}`)
  }

  async function call(channel: Channel, payload: unknown): Promise<Envelope<unknown>> {
    const reply = await router.dispatch(channel, payload)
    search(channel, reply)
    return reply
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cd-fuzz-'))
    const keychain = await keychainOrReason()
    keychainMissing = 'reason' in keychain ? keychain.reason : undefined
    shopGateway = await startSandboxGateway({ credentials: { appKey: APP_KEY, appSecret: SECRET, sessionKey: SESSION } })
    services = await createAppServices({
      dataDir,
      version: 'fuzz',
      secrets: 'store' in keychain ? keychain.store : new MemorySecretStore(),
      clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 2, maxBanWaitSeconds: 0 },
    })
    router = createRouter(services.handlers, {
      validateOutput: true,
      onUnexpectedError: (channel, error) => unexpected.push(`${channel}: ${error instanceof Error ? error.stack : String(error)}`),
    })
    // A configured production profile whose secrets exist somewhere to leak from, and are really
    // used: its gateway accepts only these secrets, so a working connection proves they were read.
    // Its own training kind: a production profile may only talk to TOP's hosts over https, and
    // this gateway is a local one. Its secrets sit in the keychain all the same.
    const saved = await call('profiles.save', {
      name: '正式门店',
      kind: 'sandbox',
      gatewayUrl: shopGateway.url,
      appKey: APP_KEY,
      appSecret: SECRET,
      sessionKey: SESSION,
    })
    if (!saved.ok) throw new Error(`could not save the production profile: ${JSON.stringify(saved.error)}`)
    production = saved.value as ProfileView
    expect(production).toMatchObject({ kind: 'sandbox', appSecretSet: true, sessionKeySet: true, builtIn: false })
    expect(await call('profiles.setActive', { id: production.id })).toMatchObject({ ok: true })
    expect(await call('profiles.testConnection', { id: production.id })).toMatchObject({
      ok: true,
      value: { ok: true, sessionChecked: true },
    })
    // A window that logs the secrets in every spelling (a pasted secret, a request URL, a JSON
    // body): written to renderer.log, so the search of every file below covers the redaction too.
    for (const message of [
      `pasted ${SECRET} into the code box`,
      `GET ${shopGateway.url}?app_key=${APP_KEY}&session=${encodeURIComponent(SESSION)}&sign=0123456789ABCDEF0123456789ABCDEF`,
      JSON.stringify({ appSecret: SECRET, sessionKey: SESSION }),
    ]) {
      expect(await call('log.write', { level: 'error', message })).toMatchObject({ ok: true, value: { accepted: true } })
    }
  }, 30_000)

  afterAll(async () => {
    await services?.dispose()
    await shopGateway?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    // Leave nothing behind in the keychain: the fuzz's own saves included.
    if (!keychainMissing)
      for (const { account } of await keytar().findCredentials(KEYCHAIN_SERVICE)) await keytar().deletePassword(KEYCHAIN_SERVICE, account)
  }, 60_000)

  it(`answers ${PAYLOADS_PER_CHANNEL} payloads on each of the ${CHANNELS.length} channels with a valid reply or a field-level error`, async () => {
    const rng = seededRng(SEED)
    for (const channel of CHANNELS) {
      const schema = inputJsonSchema(channel)
      let sent = 0
      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
        // Switched explicitly, because payloads to profiles.setActive / profiles.remove move it too.
        if (i === 0) await call('profiles.setActive', { id: production.id })
        if (i === PRODUCTION_SLICE) await call('profiles.setActive', { id: SANDBOX_PROFILE_ID })
        const payload = schema && i % 3 !== 0 ? fromSchema(schema, rng, i % 3 === 1 ? 0.05 : 0.3) : randomJson(rng)
        const reply = await call(channel, payload)
        sent++
        const problem = problemWith(reply)
        if (problem && problems.length < 20) problems.push(`${channel} #${i}: ${problem} (seed ${SEED})`)
      }
      sentPerChannel.set(channel, sent)
    }
    expect(CHANNELS.filter((channel) => (sentPerChannel.get(channel) ?? 0) < PAYLOADS_PER_CHANNEL)).toEqual([])
    expect(unexpected.slice(0, 5)).toEqual([])
    expect(problems).toEqual([])
    // The fuzzed handlers really reached the production gateway, signed with the keychain's
    // secrets: none of its calls was refused by the protocol checks (TOP codes 20-39: app key,
    // signature, session, timestamp, method), only ever by business rules.
    expect(shopGateway.calls.length).toBeGreaterThan(100)
    expect(shopGateway.calls.filter((c) => c.code !== undefined && c.code >= 20 && c.code < 40).slice(0, 3)).toEqual([])
    // Minutes of work on two shared cores, and growing with every channel: the bound only stops a hang.
  }, 1_200_000)

  it('size and depth attacks on every channel and every field: 1 MB strings, nesting 100,000 deep, arrays of 100,000 items', async () => {
    const deepArray = (): unknown => {
      let value: unknown = []
      for (let i = 0; i < 100_000; i++) value = [value]
      return value
    }
    const deepObject = (): unknown => {
      let value: unknown = {}
      for (let i = 0; i < 100_000; i++) value = { a: value }
      return value
    }
    const attacks: Array<[string, unknown]> = [
      ['1 MB string', 'x'.repeat(1 << 20)],
      ['1 MB of JSON brackets', '['.repeat(1 << 20)],
      ['array nested 100,000 deep', deepArray()],
      ['object nested 100,000 deep', deepObject()],
      ['array of 100,000 items', Array.from({ length: 100_000 }, (_, i) => String(i))],
    ]
    const rng = seededRng(SEED + 1)
    const found: string[] = []
    const started = Date.now()
    let sent = 0
    for (const channel of CHANNELS) {
      const schema = inputJsonSchema(channel)
      const sample = schema ? fromSchema(schema, rng, 0) : undefined
      const fields = sample && typeof sample === 'object' && !Array.isArray(sample) ? Object.keys(sample) : []
      for (const [label, attack] of attacks) {
        const payloads: Array<[string, unknown]> = [
          ['whole payload', attack],
          ...fields.map((field): [string, unknown] => [field, { ...(sample as object), [field]: attack }]),
        ]
        for (const [where, payload] of payloads) {
          const reply = await call(channel, payload)
          sent++
          const problem = problemWith(reply)
          if (problem && found.length < 20) found.push(`${channel} ${label} at ${where}: ${problem}`)
        }
      }
    }
    expect(found).toEqual([])
    expect(unexpected.slice(0, 5)).toEqual([])
    expect(sent).toBeGreaterThan(CHANNELS.length * attacks.length)
    console.info(`[ipc-fuzz] ${sent} size and depth attacks in ${Date.now() - started} ms`)
  }, 240_000)

  it('unknown channels and prototype names are refused, not crashed on', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'app.info.x', 'profiles.list '])
      expect(await router.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('keeps the production secrets in the OS keychain', async ({ skip }) => {
    skip(keychainMissing !== undefined, `no usable OS keychain here (${keychainMissing}); run under scripts/with-keyring.sh`)
    expect(await keytar().getPassword(KEYCHAIN_SERVICE, secretAccount(production.id, 'appSecret'))).toBe(SECRET)
    expect(await keytar().getPassword(KEYCHAIN_SERVICE, secretAccount(production.id, 'sessionKey'))).toBe(SESSION)
  })

  it('no secret appears in any reply (the save included) or in any file the app wrote', () => {
    expect(repliesSearched).toBeGreaterThan(PAYLOADS_PER_CHANNEL * CHANNELS.length)
    expect(leaks).toEqual([])
    expect(filesContaining(dataDir, [SECRET, SESSION, encodeURIComponent(SESSION)])).toEqual([])
    // …the log files among them, which the fuzz did write to.
    expect(readdirSync(join(dataDir, 'logs'))).toEqual(expect.arrayContaining(['main.log', 'renderer.log']))
    expect(readFileSync(join(dataDir, 'logs', 'renderer.log'), 'utf8')).toContain('pasted [redacted] into the code box')
  })
})
