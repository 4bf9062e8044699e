import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '@contract': resolve(import.meta.dirname, 'electron/contract'),
  '@main': resolve(import.meta.dirname, 'electron/main'),
  '@renderer': resolve(import.meta.dirname, 'renderer/src'),
}

/** Browser journeys: real Chromium against the real main-process services, one file at a time. */
export default defineConfig({
  resolve: { alias },
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
