import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { DebugLogger } from 'builder-util'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { ARCH_NAMES, afterPack, binaryTarget, nativeModuleProblems } from '../../scripts/check-native-modules.cjs'

const root = resolve(import.meta.dirname, '../..')
const config = load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Configuration
const require = createRequire(import.meta.url)

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator is real: a misspelt option is refused.
    await expect(validateConfiguration({ ...config, nsiss: {} } as Configuration, new DebugLogger(false))).rejects.toThrow()
  })

  it('updates from the URL the chain sets at build time, through the generic provider', async () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.COUPON_DESK_UPDATE_URL}', channel: 'latest' })
    // The schema checks the publish block too: a misspelt key or an unknown provider is refused.
    const withPublish = (publish: unknown) => validateConfiguration({ ...config, publish } as Configuration, new DebugLogger(false))
    await expect(withPublish({ provider: 'generic', url: 'https://updates.example-chain.cn/coupon-desk' })).resolves.toBeUndefined()
    await expect(withPublish({ provider: 'generic', urll: 'https://updates.example-chain.cn/coupon-desk' })).rejects.toThrow()
    await expect(withPublish({ provider: 'ftp', url: 'ftp://updates.example-chain.cn/' })).rejects.toThrow()
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

  it('packs into asar with keytar unpacked, as installed: no Electron rebuild, no node-gyp, no build from source', () => {
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**')
    expect(config.npmRebuild).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
    expect(config.buildDependenciesFromSource).toBe(false)
    // …which is only right on the installer's own OS: the hook that enforces it is wired in.
    expect(config.afterPack).toBe('./scripts/check-native-modules.cjs')
    expect(require(resolve(root, String(config.afterPack))).afterPack).toBeTypeOf('function')
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
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['electron-log', 'electron-updater', 'exceljs', 'fflate', 'keytar', 'zod'])
  })
})

/** Minimal headers of the three executable formats, as the first bytes of a .node file. */
function peHeader(machine: number): Buffer {
  const bytes = Buffer.alloc(256)
  bytes.write('MZ', 0, 'latin1')
  bytes.writeUInt32LE(0x80, 0x3c)
  bytes.writeUInt32BE(0x50450000, 0x80)
  bytes.writeUInt16LE(machine, 0x84)
  return bytes
}
function machoHeader(cpu: number): Buffer {
  const bytes = Buffer.alloc(64)
  bytes.writeUInt32LE(0xfeedfacf, 0)
  bytes.writeUInt32LE(cpu, 4)
  return bytes
}
function machoUniversal(...cpus: number[]): Buffer {
  const bytes = Buffer.alloc(64 + cpus.length * 20)
  bytes.writeUInt32BE(0xcafebabe, 0)
  bytes.writeUInt32BE(cpus.length, 4)
  cpus.forEach((cpu, i) => bytes.writeUInt32BE(cpu, 8 + i * 20))
  return bytes
}

describe('native modules in the packed app (afterPack hook)', () => {
  const installedKeytar = require.resolve('keytar/build/Release/keytar.node')
  const hostArch = process.arch

  /** A packed app's resources folder with `binary` as keytar.node in app.asar.unpacked. */
  function packedApp(binary?: Buffer): string {
    const resources = join(mkdtempSync(join(tmpdir(), 'cd-pack-')), 'resources')
    const target = join(resources, 'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node')
    mkdirSync(dirname(target), { recursive: true })
    if (binary) writeFileSync(target, binary)
    else copyFileSync(installedKeytar, target)
    return resources
  }
  const context = (resources: string, platform: string, arch: string) => ({
    electronPlatformName: platform,
    arch: ARCH_NAMES.indexOf(arch),
    appOutDir: dirname(resources),
    packager: { getResourcesDir: (appOutDir: string) => join(appOutDir, 'resources') },
  })

  it('reads which OS and CPU a binary is for', () => {
    expect(binaryTarget(readFileSync(installedKeytar))).toEqual({ platform: process.platform, archs: [hostArch] })
    expect(binaryTarget(peHeader(0x8664))).toEqual({ platform: 'win32', archs: ['x64'] })
    expect(binaryTarget(machoHeader(0x0100000c))).toEqual({ platform: 'darwin', archs: ['arm64'] })
    expect(binaryTarget(machoUniversal(0x01000007, 0x0100000c))).toEqual({ platform: 'darwin', archs: ['x64', 'arm64'] })
    expect(binaryTarget(Buffer.from('#!/bin/sh\necho not a binary\n'.padEnd(80, ' ')))).toBeUndefined()
  })

  it("packs this machine's installer with the keytar npm installed here", async () => {
    const resources = packedApp()
    try {
      await expect(afterPack(context(resources, process.platform, hostArch))).resolves.toBeUndefined()
    } finally {
      rmSync(dirname(resources), { recursive: true, force: true })
    }
  })

  it("refuses a Windows or macOS installer carrying this machine's keytar.node", async () => {
    const resources = packedApp()
    try {
      for (const platform of ['win32', 'darwin'].filter((p) => p !== process.platform)) {
        await expect(afterPack(context(resources, platform, 'x64'))).rejects.toThrow(
          /keytar\.node is built for .*Build each installer on the OS and CPU it is for/s,
        )
      }
    } finally {
      rmSync(dirname(resources), { recursive: true, force: true })
    }
  })

  it('accepts the right binary for each target and refuses the wrong CPU', () => {
    const check = (binary: Buffer, platform: string, arch: string) => {
      const resources = packedApp(binary)
      try {
        return nativeModuleProblems(resources, platform, arch)
      } finally {
        rmSync(dirname(resources), { recursive: true, force: true })
      }
    }
    expect(check(peHeader(0x8664), 'win32', 'x64')).toEqual([])
    expect(check(machoUniversal(0x01000007, 0x0100000c), 'darwin', 'universal')).toEqual([])
    expect(check(machoHeader(0x01000007), 'darwin', 'universal')).toHaveLength(1)
    expect(check(peHeader(0xaa64), 'win32', 'x64')).toEqual([expect.stringMatching(/built for Windows arm64, not Windows x64/)])
  })

  it('refuses an app whose keytar was left inside the asar', () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'cd-pack-')), 'resources')
    try {
      expect(nativeModuleProblems(empty, process.platform, hostArch)).toEqual([expect.stringMatching(/keytar\.node is not unpacked/)])
    } finally {
      rmSync(dirname(empty), { recursive: true, force: true })
    }
  })
})
