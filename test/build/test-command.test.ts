import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { needsPrivateKeyring } from '../../scripts/test.mjs'

const root = resolve(import.meta.dirname, '../..')
const never = () => false
const always = () => true

describe('npm test finds itself a keychain', () => {
  it('on Linux with no Secret Service it runs under with-keyring.sh', () => {
    expect(needsPrivateKeyring('linux', {}, never)).toBe(true)
    expect(needsPrivateKeyring('linux', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/0/bus' }, never)).toBe(true)
  })

  it('never wraps twice: under with-keyring.sh (CI) it runs as it is', () => {
    expect(needsPrivateKeyring('linux', { COUPON_DESK_IN_KEYRING: '1' }, never)).toBe(false)
  })

  it('a desktop keyring that answers, or another OS, is used as it is', () => {
    expect(needsPrivateKeyring('linux', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' }, always)).toBe(false)
    expect(needsPrivateKeyring('win32', {}, never)).toBe(false)
    expect(needsPrivateKeyring('darwin', {}, never)).toBe(false)
  })

  it('with no session bus at all, the real probe says there is no Secret Service', () => {
    expect(needsPrivateKeyring('linux', { PATH: process.env['PATH'] })).toBe(true)
  })

  it.runIf(process.platform === 'linux' && spawnSync('which', ['dbus-run-session']).status === 0)(
    'with-keyring.sh gives the command a Secret Service and says so in COUPON_DESK_IN_KEYRING',
    () => {
      const env = { PATH: process.env['PATH'], HOME: process.env['HOME'] }
      const run = spawnSync(
        'bash',
        [
          resolve(root, 'scripts/with-keyring.sh'),
          process.execPath,
          '-e',
          `
        import('${resolve(root, 'scripts/test.mjs')}').then(({ needsPrivateKeyring }) =>
          console.log(process.env.COUPON_DESK_IN_KEYRING, needsPrivateKeyring('linux', { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS })))`,
        ],
        {
          env,
          encoding: 'utf8',
          timeout: 15_000,
        },
      )
      // Inside: flagged, and the private bus does offer the Secret Service (so even the flag aside, no wrap).
      expect(run.stdout.trim()).toBe('1 false')
    },
  )

  it('the README, npm test and CI agree: one setup script, one test command', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts['test']).toBe('node scripts/test.mjs')
    expect(readFileSync(resolve(root, '.ci/run'), 'utf8')).toMatch(/^bash scripts\/setup\.sh --ci$/m)
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8')
    expect(readme).toMatch(/scripts\/setup\.sh/)
    expect(readme).toMatch(/^npm start\b/m)
    expect(readme).toMatch(/^npm test$/m)
  })
})
