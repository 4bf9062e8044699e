import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * The lint rule that keeps Electron's IPC objects inside the two IPC modules, run through the
 * project's own eslint.config.js on snippets: every way of reaching ipcMain/ipcRenderer from an
 * ordinary main-process file is reported, and the IPC modules and ordinary named imports are not.
 * The rules under test are syntactic, so the type-aware ones are switched off here: the snippets'
 * made-up paths belong to no tsconfig, and `npm run lint` (its own CI step) checks the real files
 * with types.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const ORDINARY_FILE = 'electron/main/services/x.ts'
const IPC_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax'])

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] })
})

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) })
  return result!.messages
}

const BYPASSES: [string, string][] = [
  ['a named import', "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"],
  ['a renamed import', "import { ipcRenderer as r } from 'electron'\nvoid r.invoke('x')\n"],
  ['a namespace import', "import * as electron from 'electron'\nelectron.ipcMain.handle('x', () => 1)\n"],
  ['a default import, member access', "import electron from 'electron'\nelectron.ipcMain.handle('x', () => 1)\n"],
  ['a default import, destructured', "import electron from 'electron'\nconst { ipcMain } = electron\nipcMain.handle('x', () => 1)\n"],
  ['a default import beside named ones', "import electron, { app } from 'electron'\nvoid app\nelectron.ipcMain.handle('x', () => 1)\n"],
  ['require, destructured', "const { ipcMain } = require('electron')\nipcMain.handle('x', () => 1)\n"],
  ['require, member access', "require('electron').ipcMain.handle('x', () => 1)\n"],
  ['a dynamic import', "const { ipcMain } = await import('electron')\nipcMain.handle('x', () => 1)\n"],
  ['a TypeScript import-equals', "import electron = require('electron')\nelectron.ipcMain.handle('x', () => 1)\n"],
  ['a named re-export', "export { ipcMain } from 'electron'\n"],
  ['a star re-export', "export * from 'electron'\n"],
]

describe('ESLint: ipcMain/ipcRenderer only in the IPC modules', () => {
  it.each(BYPASSES)('rejects %s in an ordinary main-process file', async (_name, code) => {
    const messages = await lint(code, ORDINARY_FILE)
    const ipc = messages.filter((m) => m.ruleId !== null && IPC_RULES.has(m.ruleId))
    expect(ipc.length, JSON.stringify(messages)).toBeGreaterThan(0)
    expect(ipc.every((m) => m.severity === 2)).toBe(true)
    expect(ipc[0]!.message).toMatch(/ipcMain\/ipcRenderer/)
  })

  it('rejects them in the preload and the contract too, not only in main', async () => {
    for (const file of ['electron/preload/index.ts', 'electron/contract/ipc/registry.ts', 'test/main/x.test.ts']) {
      const messages = await lint("import electron from 'electron'\nvoid electron.ipcRenderer\n", file)
      expect(
        messages.map((m) => m.ruleId),
        file,
      ).toContain('no-restricted-syntax')
    }
  })

  it('allows them in the two IPC modules', async () => {
    expect(await lint("import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n", 'electron/main/ipc/electron-ipc.ts')).toEqual(
      [],
    )
    expect(await lint("import { ipcRenderer } from 'electron'\nvoid ipcRenderer.invoke('x')\n", 'electron/preload/expose.ts')).toEqual([])
  })

  it('leaves ordinary named Electron imports alone', async () => {
    const code =
      "import { app, BrowserWindow, session, type WebContents } from 'electron'\n" +
      'export const open = (c: WebContents): unknown => [app.getName(), BrowserWindow.getAllWindows(), session.defaultSession, c]\n'
    expect(await lint(code, ORDINARY_FILE)).toEqual([])
  })

  it("the app's own Electron imports lint clean", async () => {
    const files = ['lifecycle.ts', 'window.ts', 'app-protocol.ts', 'ipc/electron-ipc.ts'].map((f) => resolve(ROOT, 'electron/main', f))
    const results = await eslint.lintFiles([...files, resolve(ROOT, 'electron/preload/expose.ts')])
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}: ${m.ruleId} ${m.message}`))).toEqual([])
  })
})
