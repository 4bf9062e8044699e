#!/usr/bin/env node
// `npm run screenshots`: after `npm run test:e2e`, copies the screenshots the README shows from
// test/e2e/screenshots/ (written by the journeys) to docs/screenshots/ (committed, shown by the
// README). The list is read from the README itself, so it cannot drift from what the README shows.
// Nothing is copied unless every one of them is there.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const from = join(root, 'test/e2e/screenshots')
const to = join(root, 'docs/screenshots')

const readme = readFileSync(join(root, 'README.md'), 'utf8')
const used = [...new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]))].sort()
if (used.length === 0) {
  console.error('screenshots: README.md shows no docs/screenshots/*.png; nothing to refresh')
  process.exit(1)
}

const missing = used.filter((name) => !existsSync(join(from, name)))
if (missing.length > 0) {
  console.error(`screenshots: the README shows ${missing.length} screenshot(s) the e2e run did not write to test/e2e/screenshots/:`)
  for (const name of missing) console.error(`  ${name}`)
  console.error('Run `npm run test:e2e` first (a journey that fails stops before its screenshots), or fix the name in README.md.')
  process.exit(1)
}

mkdirSync(to, { recursive: true })
for (const name of used) {
  copyFileSync(join(from, name), join(to, name))
  const taken = statSync(join(from, name)).mtime.toISOString().replace('T', ' ').slice(0, 19)
  console.log(`  ${name}  (taken ${taken} UTC)`)
}
console.log(`screenshots: copied ${used.length} to docs/screenshots/`)

const unused = readdirSync(to).filter((name) => name.endsWith('.png') && !used.includes(name))
if (unused.length > 0) console.log(`screenshots: not shown by the README (left in place): ${unused.join(', ')}`)
