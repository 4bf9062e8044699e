#!/usr/bin/env node
// `npm test`: vitest, with the OS keychain the real-keychain tests need. On Linux without a Secret
// Service (a server, a container, an SSH session) it runs inside scripts/with-keyring.sh, which
// starts a private D-Bus session with a fresh, unlocked gnome-keyring, so those tests run instead
// of being skipped. Under with-keyring.sh already (CI: COUPON_DESK_IN_KEYRING=1), or with a desktop
// keyring answering, vitest runs as it is. Arguments go to `vitest run`.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const vitest = join(root, 'node_modules/vitest/vitest.mjs')
const args = ['run', ...process.argv.slice(2)]

/** Whether the session bus has (or can start) org.freedesktop.secrets, the Secret Service keytar talks to. */
function hasSecretService(env) {
  if (!env.DBUS_SESSION_BUS_ADDRESS) return false
  const ask = (method) =>
    spawnSync(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`],
      {
        encoding: 'utf8',
        timeout: 5000,
      },
    )
  return ['ListNames', 'ListActivatableNames'].some((method) => {
    const reply = ask(method)
    return reply.status === 0 && reply.stdout.includes('"org.freedesktop.secrets"')
  })
}

export function needsPrivateKeyring(platform, env, secretService = hasSecretService) {
  return platform === 'linux' && !env.COUPON_DESK_IN_KEYRING && !secretService(env)
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const command = needsPrivateKeyring(process.platform, process.env)
    ? ['bash', [join(root, 'scripts/with-keyring.sh'), process.execPath, vitest, ...args]]
    : [process.execPath, [vitest, ...args]]
  if (command[0] === 'bash')
    console.log('npm test: no Secret Service on this session bus; starting a private keyring (scripts/with-keyring.sh)')
  const run = spawnSync(command[0], command[1], { cwd: root, stdio: 'inherit' })
  process.exit(run.status ?? 1)
}
