import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { DebugLogger } from 'builder-util'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'

const root = resolve(import.meta.dirname, '../..')
const config = load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Configuration

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...config, nsiss: {} } as Configuration, new DebugLogger(false))).rejects.toThrow()
  })

  it('names the product and app id', () => {
    expect(config.productName).toBe('券台 Coupon Desk')
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/)
  })

  it('builds Windows NSIS per machine in Chinese with a desktop shortcut, Linux AppImage + deb, macOS dmg', () => {
    const targets = (t: unknown) => (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : (x as { target: string }).target))
    expect(targets(config.win?.target)).toEqual(['nsis'])
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, createDesktopShortcut: 'always', installerLanguages: ['zh_CN'] })
    expect(targets(config.linux?.target)).toEqual(['AppImage', 'deb'])
    expect(targets(config.mac?.target)).toEqual(['dmg'])
  })

  it('packs into asar with keytar unpacked and never rebuilds it against Electron', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**')
    expect(config.npmRebuild).toBe(false)
  })

  it('flips every hardening fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    })
  })

  it('ships the icons it names', () => {
    for (const icon of [config.win?.icon, config.linux?.icon, config.mac?.icon]) {
      expect(icon).toBeTruthy()
      const png = readFileSync(resolve(root, String(icon)))
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512) // width
      expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512) // height
    }
  })

  it('packs only the built app, with the main entry package.json points at', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> }
    expect(config.files).toContain('out/**')
    expect(pkg.main).toBe('./out/main/index.js')
    // Renderer libraries are bundled by Vite; only what main loads at run time ships as node_modules.
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['keytar', 'zod'])
  })
})
