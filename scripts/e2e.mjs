#!/usr/bin/env node
// `npm run test:e2e`: builds the app if the build is missing or older than its sources, then runs
// the browser journeys (test/e2e) in Debian's Chromium against the real main-process services.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const built = join(root, 'out/renderer/index.html')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

// What the build reads besides the sources: its config, the TypeScript settings (path aliases),
// and the dependencies bundled into the renderer.
const BUILD_INPUTS = readdirSync(root).filter((name) =>
  /^(electron\.vite\.config\.[cm]?[jt]s|package(-lock)?\.json|tsconfig.*\.json)$/.test(name),
)

const sources = Math.max(
  newestMtime(join(root, 'renderer')),
  newestMtime(join(root, 'electron')),
  ...BUILD_INPUTS.map((name) => statSync(join(root, name)).mtimeMs),
)
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('test:e2e: building the app first (electron-vite build)')
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const run = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? 1)
