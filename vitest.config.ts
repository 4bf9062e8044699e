import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = {
  '@contract': resolve(import.meta.dirname, 'electron/contract'),
  '@main': resolve(import.meta.dirname, 'electron/main'),
  '@renderer': resolve(import.meta.dirname, 'renderer/src'),
}

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'main',
          environment: 'node',
          include: [
            'test/main/**/*.test.ts',
            'test/preload/**/*.test.ts',
            'test/contract/**/*.test.ts',
            'test/build/**/*.test.ts',
            'test/bench/**/*.test.ts',
          ],
          // `electron` cannot be downloaded on these machines: every main-process test sees the mock.
          setupFiles: ['test/support/mock-electron.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/support/setup.ts'],
          // Inline Element Plus so its components share the test's copy of Vue.
          server: { deps: { inline: ['element-plus'] } },
          testTimeout: 20_000,
        },
      },
    ],
  },
})
