import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { ProfileStorageError } from '@main/vault/errors'
import type { ProfilesFile } from '@main/vault/profile-schema'
import { createProfileStore, emptyProfilesFile } from '@main/vault/profile-store'
import { useTempDirs } from './helpers'

const tempDir = useTempDirs()
const at = new Date('2025-11-23T08:30:00.123Z')

function sample(): ProfilesFile {
  const id = crypto.randomUUID()
  return {
    version: 1,
    activeId: id,
    profiles: [
      {
        id,
        name: '盒马 上海店',
        kind: 'production',
        gatewayUrl: 'https://gw.api.taobao.com',
        appKeyMasked: '1234****78',
        signMethod: 'hmac-sha256',
        simplify: false,
        defaults: { shopId: '1001' },
        appSecretSet: true,
        sessionKeySet: false,
      },
    ],
  }
}

function setup() {
  const dir = tempDir()
  const logger = { warn: vi.fn() }
  const store = createProfileStore(dir, { logger, now: () => at })
  return { dir, logger, store }
}

describe('profile store', () => {
  it('starts empty, with the sandbox active, when there is no file yet', () => {
    const { store, logger } = setup()
    expect(store.load()).toEqual(emptyProfilesFile())
    expect(existsSync(store.path)).toBe(false)
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('round-trips through the file and leaves no temp file behind', () => {
    const { dir, store } = setup()
    const file = sample()
    store.save(file)
    expect(store.load()).toEqual(file)
    expect(readdirSync(dir)).toEqual(['profiles.json'])
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600)
  })

  it('creates the data folder if it does not exist yet', () => {
    const dir = join(tempDir(), 'not', 'there')
    const store = createProfileStore(dir)
    store.save(sample())
    expect(existsSync(join(dir, 'profiles.json'))).toBe(true)
  })

  it('writes only what the schema knows, whatever it is handed', () => {
    const { store } = setup()
    const file = sample()
    Object.assign(file.profiles[0]!, { appSecret: 'LEAKED-SECRET', appKey: '12345678' })
    store.save(file)
    const text = readFileSync(store.path, 'utf8')
    expect(text).not.toContain('LEAKED-SECRET')
    expect(text).not.toContain('12345678')
  })

  it('moves a file that is not JSON aside and starts fresh', () => {
    const { dir, store, logger } = setup()
    writeFileSync(store.path, '{"version": 1, "profiles": [')
    expect(store.load()).toEqual(emptyProfilesFile())
    const copy = join(dir, 'profiles.json.corrupt-2025-11-23T08-30-00.123Z')
    expect(readFileSync(copy, 'utf8')).toBe('{"version": 1, "profiles": [')
    expect(existsSync(store.path)).toBe(false)
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('corrupt'), expect.objectContaining({ corruptCopy: copy }))
  })

  it('moves a file with the wrong shape or a newer version aside', () => {
    for (const content of [{ ...sample(), version: 2 }, { version: 1, activeId: 'x', profiles: {} }, null]) {
      const { dir, store } = setup()
      writeFileSync(store.path, JSON.stringify(content))
      expect(store.load()).toEqual(emptyProfilesFile())
      expect(readdirSync(dir)).toEqual([expect.stringMatching(/^profiles\.json\.corrupt-/)])
    }
  })

  it('saves normally again after recovering from a corrupt file', () => {
    const { store } = setup()
    writeFileSync(store.path, 'garbage')
    store.load()
    const file = sample()
    store.save(file)
    expect(store.load()).toEqual(file)
  })

  it('reports a failed write and keeps the previous file intact', () => {
    const { store } = setup()
    const before = sample()
    store.save(before)
    const text = readFileSync(store.path, 'utf8')
    // A directory where the temp file goes makes the write fail even for root.
    mkdirSync(`${store.path}.tmp`)
    expect(() => store.save(sample())).toThrow(ProfileStorageError)
    expect(readFileSync(store.path, 'utf8')).toBe(text)
    expect(store.load()).toEqual(before)
  })
})
