import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { InlineConfig, PluginOption } from 'vite'
import { API_GLOBAL, METHOD_TO_CHANNEL } from '../../electron/contract/ipc/registry'
import { DEMO_VOUCHERS } from '../../electron/main/sandbox/demo-data'
import type { BenchContext } from './report'

/** The built renderer served to headless Chromium: what the editor case and the paste profile share. */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** CI installs Chromium (.ci/run): there, a missing browser is a broken run, not a skipped case. */
export const inCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase())

/** Why the browser cases cannot run here, or null if they can. */
export async function browserUnavailable(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`
  try {
    await import('playwright-core')
  } catch (error) {
    return `playwright-core is not installed (${(error as Error).message})`
  }
  return null
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface RendererBuild {
  /** Folder under bench/.data; one per variant so they do not rebuild each other. */
  name: string
  /** Keep identifiers readable for profiles. */
  minify?: boolean
  /** Extra Vite plugins, e.g. one that swaps a component's source to measure a patch. */
  plugins?: PluginOption[]
  /** A chunk name per module (e.g. one per library, so a profile says whose code ran). */
  chunkOf?: (id: string) => string | undefined
  /** Changes in these make the build stale, besides the renderer's sources. */
  extraInputs?: string[]
}

/**
 * The renderer as `electron-vite build` builds it (the `renderer` section of electron.vite.config.ts),
 * but into bench/.data/<name> rather than the shared out/ folder, and only when a source file
 * is newer than the last build.
 */
export async function buildRenderer(ctx: BenchContext, options: RendererBuild = { name: 'renderer' }): Promise<string> {
  const outDir = join(ctx.dataDir, options.name)
  const stamp = join(outDir, '.built-at')
  // The renderer's sources: its own, and the contract it shares with main (message catalogue included).
  const sources = ['renderer', 'electron/contract'].map((d) => join(ctx.root, d))
  const inputs = [...sources, join(ctx.root, 'electron.vite.config.ts'), ...(options.extraInputs ?? [])]
  const newest = Math.max(...inputs.map(newestMtime))
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= newest) return outDir

  ctx.log(`building the renderer (vite, electron.vite.config.ts renderer section) into bench/.data/${options.name}`)
  const { build } = await import('vite')
  const config = (await import('../../electron.vite.config')).default as unknown as { renderer: InlineConfig }
  const renderer = config.renderer
  await build({
    ...renderer,
    plugins: [...(options.plugins ?? []), ...(renderer.plugins ?? [])],
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: {
      ...renderer.build,
      outDir,
      emptyOutDir: true,
      ...(options.minify === false ? { minify: false } : {}),
      // Rolldown's groups; without `includeDependenciesRecursively: false` a library's chunk would
      // swallow everything it imports (element-plus would take vue with it).
      ...(options.chunkOf
        ? {
            rollupOptions: {
              ...renderer.build?.rollupOptions,
              output: {
                codeSplitting: { includeDependenciesRecursively: false, groups: [{ name: (id: string) => options.chunkOf!(id) ?? null }] },
              },
            },
          }
        : {}),
    },
  })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(stamp, String(newest))
  return outDir
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

/** A tiny static file server for the built renderer, on a free loopback port. */
export async function serveStatic(dir: string): Promise<Server> {
  const root = normalize(dir + sep)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://bench').pathname)
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('Not Found')
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

/**
 * A stand-in for the preload's `window.couponDesk`: the sandbox profile's answers to what the
 * Redeem screen asks at load (context, demo vouchers, start-up report) and the language; every
 * other method answers an internal error, which the screen shows and the bench then reports.
 */
export function fakeApiScript(): string {
  const answers: Record<string, unknown> = {
    appInfo: { name: 'Coupon Desk', version: 'bench', platform: 'linux', locale: 'zh-CN' },
    redeemContext: {
      profileId: 'sandbox',
      profileName: '练习模式',
      profileKind: 'sandbox',
      defaults: { shopId: '300125', operatorId: 'op-1024', operatorName: '张三' },
      limits: { perCall: 20, perBatch: 200 },
    },
    redeemDemoVouchers: { vouchers: DEMO_VOUCHERS },
    redeemStartupReport: { resolving: false, entries: [], interruptedBatches: [] },
  }
  const config = JSON.stringify({ methods: Object.keys(METHOD_TO_CHANNEL), answers, global: API_GLOBAL })
  return `(() => {
  const { methods, answers, global } = ${config};
  const api = {};
  for (const method of methods) {
    api[method] = async () =>
      method in answers
        ? { ok: true, value: structuredClone(answers[method]) }
        : { ok: false, error: { code: 'internal', key: 'ipc.internal' } };
  }
  // Nothing is pushed: no batch runs on this page.
  api.on = () => () => undefined;
  Object.defineProperty(window, global, { value: Object.freeze(api), enumerable: true });
})();`
}
