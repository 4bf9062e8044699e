import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogs } from '@main/logging/logs'
import { createRendererLogSink } from '@main/logging/renderer-log'
import { filesContaining } from '../../support/files'

const SECRET = 'logs-test-app-secret-77aa01'
const SESSION = 'logs-test-session-key-91bc02'
const SIGN = '0123456789ABCDEF0123456789ABCDEF'

const freshDir = () => join(mkdtempSync(join(tmpdir(), 'cd-logs-files-')), 'logs')
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8')

describe('log files', () => {
  it('main and renderer each write their own file, with levels and scopes', () => {
    const dir = freshDir()
    const logs = createLogs({ dir })
    logs.main.scope('redemption').warn('batch stopped:', new Error('database is locked'))
    logs.main.info('started')
    logs.main.debug('not at the default level')
    logs.renderer.error('vue (render): TypeError')
    const main = read(dir, 'main.log')
    expect(main).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] \[warn\] +\(redemption\) batch stopped: Error: database is locked/m)
    expect(main).toMatch(/\[info\] +started$/m)
    expect(main).not.toContain('not at the default level')
    expect(read(dir, 'renderer.log')).toMatch(/\[error\] +vue \(render\): TypeError/)
  })

  it('every line passes the redaction, whatever was logged', () => {
    const dir = freshDir()
    const logs = createLogs({ dir })
    logs.redactor.remember(SECRET)
    logs.redactor.remember(SESSION)
    logs.main.error('keychain refused', new Error(`set p1:appSecret = ${SECRET}`), { cause: { sessionKey: SESSION } })
    logs.main.warn(`GET https://gw.api.taobao.com/router/rest?session=${encodeURIComponent(SESSION)}&sign=${SIGN}`)
    logs.main.info({ body: JSON.stringify({ app_secret: SECRET }) })
    logs.renderer.error(`pasted into the wrong box: ${SECRET}`)
    expect(filesContaining(dir, [SECRET, SESSION, SIGN, encodeURIComponent(SESSION)])).toEqual([])
    expect(read(dir, 'main.log').match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5)
  })

  it('rotates at the size limit and keeps the newest files only', () => {
    const dir = freshDir()
    const logs = createLogs({ dir, maxBytes: 2000, keep: 3 })
    for (let n = 0; n < 400; n += 1) logs.main.info(`line ${String(n).padStart(4, '0')} ${'x'.repeat(40)}`)
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log'])
    expect(logs.files().map((f) => f.slice(dir.length + 1))).toEqual(['main.3.log', 'main.2.log', 'main.1.log', 'main.log'])
    // Oldest first across the files, nothing lost between them, and the last line in main.log.
    const lines = logs.files().flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean))
    const numbers = lines.map((line) => Number(/line (\d{4})/.exec(line)![1]))
    expect(numbers.at(-1)).toBe(399)
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i))
    for (const file of logs.files()) expect(readFileSync(file).length).toBeLessThan(2200)
  })

  it('lastProblems lists the newest errors and warnings of both files', async () => {
    const dir = freshDir()
    const logs = createLogs({ dir })
    // Lines a few milliseconds apart: the order across files comes from their time stamps.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5))
    logs.main.warn('first warning')
    logs.main.info('fine')
    await tick()
    logs.renderer.error('window error')
    await tick()
    logs.main.error('last error')
    const problems = logs.lastProblems(2)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^renderer\.log: .*window error/)
    expect(problems[1]).toMatch(/^main\.log: .*last error/)
  })
})

describe('the renderer’s lines', () => {
  it('are rate-limited: a burst, then a steady trickle, and the drop is said in the file', () => {
    const dir = freshDir()
    const logs = createLogs({ dir })
    let clock = 0
    const write = createRendererLogSink(logs.renderer, { burst: 3, perSecond: 2 }, () => clock)
    const accepted = Array.from({ length: 10 }, (_, n) => write({ level: 'error', message: `loop ${n}` }).accepted)
    expect(accepted).toEqual([true, true, true, false, false, false, false, false, false, false])
    clock += 1000 // two more tokens
    expect(write({ level: 'info', message: 'after a second' }).accepted).toBe(true)
    const text = read(dir, 'renderer.log')
    expect(text).toContain('7 renderer log line(s) dropped')
    expect(text).toContain('after a second')
    expect(text).not.toContain('loop 3')
  })
})
