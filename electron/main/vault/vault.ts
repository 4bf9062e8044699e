import { randomUUID } from 'node:crypto'
import { inspect } from 'node:util'
import {
  DuplicateProfileNameError,
  GatewayChangeNeedsSecretError,
  MissingSecretError,
  ProfileNotFoundError,
  SandboxProfileReadOnlyError,
  type CredentialName,
} from './errors'
import {
  DEFAULT_PRODUCTION_GATEWAY,
  DEFAULT_SIGN_METHOD,
  gatewayOrigin,
  maskAppKey,
  ProfileInputSchema,
  SANDBOX_PROFILE_ID,
  SANDBOX_PROFILE_NAME,
  type ParsedProfileInput,
  type ProfileDefaults,
  type ProfileInput,
  type ProfilesFile,
  type ProfileView,
  type SignMethod,
  type StoredProfile,
} from './profile-schema'
import { createProfileStore, type VaultLogger } from './profile-store'
import { guardSecretStore, type SecretStore } from './secret-store'

/** What the embedded sandbox gateway accepts. `gatewayUrl` is read late: its port is picked at start. */
export interface SandboxCredentials {
  appKey: string
  appSecret: string
  sessionKey: string
  gatewayUrl: () => string
  /**
   * Starts the training gateway if it is not running yet: it runs only once a training profile
   * is used, and its port (so `gatewayUrl`) is known only then. Called before its credentials go out.
   */
  ensureStarted?: () => Promise<void>
  /** Defaults to the platform's defaults: 'hmac-sha256', not simplified. */
  signMethod?: SignMethod
  simplify?: boolean
  /** Pre-filled shop, brand and operator matching the sandbox's seeded data. */
  defaults?: ProfileDefaults
}

export interface VaultOptions {
  /** The app's data folder; profiles.json is written there. */
  dataDir: string
  secrets: SecretStore
  sandbox: SandboxCredentials
  logger?: VaultLogger
}

/** Everything needed to sign a TOP request. Main process only: never send it anywhere. */
export interface Credentials {
  gatewayUrl: string
  appKey: string
  appSecret: string
  sessionKey?: string
  signMethod: SignMethod
  simplify: boolean
}

export interface Vault {
  /** The built-in sandbox first, then the user's profiles in the order they were created. */
  list(): ProfileView[]
  active(): ProfileView
  /** Create (no id) or update a profile; secrets go to the keychain, the rest to profiles.json. */
  save(input: ProfileInput): Promise<ProfileView>
  setActive(id: string): ProfileView
  /** Delete a profile and its keychain entries. */
  remove(id: string): Promise<void>
  /** The signing credentials of a profile, the active one by default. */
  credentials(id?: string): Promise<Credentials>
}

export type SecretName = 'appKey' | 'appSecret' | 'sessionKey'
const SECRET_NAMES: readonly SecretName[] = ['appKey', 'appSecret', 'sessionKey']

/** The keychain account holding one secret of one profile. */
export function secretAccount(profileId: string, secret: SecretName): string {
  return `${profileId}:${secret}`
}

/** One keychain write: a value to store, or null to delete the entry. */
interface SecretChange {
  account: string
  value: string | null
}

export function createVault(options: VaultOptions): Vault {
  const { sandbox } = options
  const logger = options.logger ?? console
  const store = createProfileStore(options.dataDir, { logger })
  // Whatever store we are handed, its failures reach callers as KeychainUnavailableError.
  const secrets = guardSecretStore(options.secrets)
  const exclusive = createQueue()
  let state = store.load()

  const find = (id: string) => state.profiles.find((profile) => profile.id === id)

  /** The active profile's id; a stale id (hand-edited file) falls back to the sandbox. */
  function activeId(): string {
    return state.activeId !== SANDBOX_PROFILE_ID && find(state.activeId) ? state.activeId : SANDBOX_PROFILE_ID
  }

  function sandboxView(): ProfileView {
    return {
      id: SANDBOX_PROFILE_ID,
      name: SANDBOX_PROFILE_NAME,
      kind: 'sandbox',
      gatewayUrl: sandbox.gatewayUrl(),
      appKey: maskAppKey(sandbox.appKey),
      signMethod: sandbox.signMethod ?? DEFAULT_SIGN_METHOD,
      simplify: sandbox.simplify ?? false,
      defaults: { ...sandbox.defaults },
      appSecretSet: true,
      sessionKeySet: true,
      active: activeId() === SANDBOX_PROFILE_ID,
      builtIn: true,
    }
  }

  function viewOf(profile: StoredProfile): ProfileView {
    const { appKeyMasked, ...metadata } = profile
    return {
      ...metadata,
      appKey: appKeyMasked,
      defaults: { ...profile.defaults },
      active: activeId() === profile.id,
      builtIn: false,
    }
  }

  function view(id: string): ProfileView {
    if (id === SANDBOX_PROFILE_ID) return sandboxView()
    const profile = find(id)
    if (!profile) throw new ProfileNotFoundError(id)
    return viewOf(profile)
  }

  /** Apply a change to a copy, persist the copy, and only then make it the state. */
  function commit(change: (draft: ProfilesFile) => void): void {
    const next = structuredClone(state)
    change(next)
    store.save(next)
    state = next
  }

  /** Names are compared the way a person reads them: case- and width-insensitively. */
  function assertNameFree(name: string, ownId: string): void {
    const key = (text: string) => text.normalize('NFKC').toLowerCase()
    const taken = [SANDBOX_PROFILE_NAME, ...state.profiles.filter((p) => p.id !== ownId).map((p) => p.name)]
    if (taken.some((other) => key(other) === key(name))) throw new DuplicateProfileNameError(name)
  }

  /**
   * Write to the keychain, all or nothing. Each entry's previous value is read first, so a
   * failure halfway (or a failed metadata write afterwards) can put the keychain back as it was.
   * Returns the rollback for the caller's later steps.
   */
  async function writeSecrets(changes: readonly SecretChange[]): Promise<() => Promise<void>> {
    const undo: Array<{ account: string; restore: () => Promise<unknown> }> = []
    const rollback = async () => {
      for (const { account, restore } of undo.reverse()) {
        try {
          await restore()
        } catch {
          // The keychain is what just failed, so it may well refuse this too; say which entry.
          logger.warn('vault: could not restore keychain entry after a failed change', { account })
        }
      }
    }
    try {
      for (const { account, value } of changes) {
        const previous = await secrets.get(account)
        // Registered before writing: a write that fails may still have half-happened.
        undo.push({
          account,
          restore: () => (previous === null ? secrets.delete(account) : secrets.set(account, previous)),
        })
        if (value === null) await secrets.delete(account)
        else await secrets.set(account, value)
      }
    } catch (error) {
      await rollback()
      throw error
    }
    return rollback
  }

  /** The keychain writes a save asks for: omitted secrets are kept, so they are not touched. */
  function secretChanges(id: string, input: ParsedProfileInput): SecretChange[] {
    const changes: SecretChange[] = []
    if (input.appKey !== undefined) changes.push({ account: secretAccount(id, 'appKey'), value: input.appKey })
    if (input.appSecret !== undefined) changes.push({ account: secretAccount(id, 'appSecret'), value: input.appSecret })
    if (input.sessionKey !== undefined) {
      changes.push({ account: secretAccount(id, 'sessionKey'), value: input.sessionKey })
    } else if (input.clearSessionKey) {
      changes.push({ account: secretAccount(id, 'sessionKey'), value: null })
    }
    return changes
  }

  function storedProfile(id: string, input: ParsedProfileInput, existing: StoredProfile | undefined): StoredProfile {
    return {
      id,
      name: input.name,
      kind: input.kind,
      gatewayUrl: input.gatewayUrl ?? DEFAULT_PRODUCTION_GATEWAY,
      // The schema refuses a new profile without an app key, so `existing` is there when it is omitted.
      appKeyMasked: input.appKey !== undefined ? maskAppKey(input.appKey) : (existing?.appKeyMasked ?? ''),
      signMethod: input.signMethod,
      simplify: input.simplify,
      defaults: input.defaults,
      appSecretSet: input.appSecret !== undefined || (existing?.appSecretSet ?? false),
      sessionKeySet: input.sessionKey !== undefined || (!input.clearSessionKey && (existing?.sessionKeySet ?? false)),
    }
  }

  async function save(raw: ProfileInput): Promise<ProfileView> {
    // Parsed here as well as at the IPC boundary: the vault's guarantees must not depend on the caller.
    const input = ProfileInputSchema.parse(raw)
    if (input.id === SANDBOX_PROFILE_ID) throw new SandboxProfileReadOnlyError('update')
    return exclusive(async () => {
      const existing = input.id === undefined ? undefined : find(input.id)
      if (input.id !== undefined && !existing) throw new ProfileNotFoundError(input.id)
      const id = existing?.id ?? randomUUID()
      assertNameFree(input.name, id)
      // Where the stored secrets go may change only with the secret in hand.
      const nextGateway = input.gatewayUrl ?? DEFAULT_PRODUCTION_GATEWAY
      if (existing && gatewayOrigin(existing.gatewayUrl) !== gatewayOrigin(nextGateway) && input.appSecret === undefined) {
        throw new GatewayChangeNeedsSecretError(id)
      }
      const profile = storedProfile(id, input, existing)

      // Keychain first: if it fails, the metadata (and its "secret is set" flags) stay as they were.
      const rollback = await writeSecrets(secretChanges(id, input))
      try {
        commit((draft) => {
          const index = draft.profiles.findIndex((p) => p.id === id)
          if (index === -1) draft.profiles.push(profile)
          else draft.profiles[index] = profile
        })
      } catch (error) {
        await rollback()
        throw error
      }
      // A new profile is not made active: switching the counter from training to a live shop
      // must be a deliberate act.
      return viewOf(profile)
    })
  }

  function setActive(id: string): ProfileView {
    const target = view(id)
    if (state.activeId !== target.id) {
      commit((draft) => {
        draft.activeId = target.id
      })
    }
    return view(target.id)
  }

  async function remove(id: string): Promise<void> {
    if (id === SANDBOX_PROFILE_ID) throw new SandboxProfileReadOnlyError('delete')
    return exclusive(async () => {
      if (!find(id)) throw new ProfileNotFoundError(id)
      // Secrets first, as in save: a keychain failure leaves the profile listed, so the user can
      // retry, instead of leaving credentials behind that nothing in the app points to.
      const rollback = await writeSecrets(SECRET_NAMES.map((name) => ({ account: secretAccount(id, name), value: null })))
      try {
        commit((draft) => {
          draft.profiles = draft.profiles.filter((p) => p.id !== id)
          if (draft.activeId === id) draft.activeId = SANDBOX_PROFILE_ID
        })
      } catch (error) {
        await rollback()
        throw error
      }
    })
  }

  async function credentials(id?: string): Promise<Credentials> {
    const targetId = id ?? activeId()
    if (targetId === SANDBOX_PROFILE_ID) {
      await sandbox.ensureStarted?.()
      return sealed({
        gatewayUrl: sandbox.gatewayUrl(),
        appKey: sandbox.appKey,
        appSecret: sandbox.appSecret,
        sessionKey: sandbox.sessionKey,
        signMethod: sandbox.signMethod ?? DEFAULT_SIGN_METHOD,
        simplify: sandbox.simplify ?? false,
      })
    }
    // In the queue, so a request never signs with half of a save that is still being written.
    return exclusive(async () => {
      const profile = find(targetId)
      if (!profile) throw new ProfileNotFoundError(targetId)
      const required = async (secret: SecretName, name: CredentialName) => {
        const value = await secrets.get(secretAccount(profile.id, secret))
        if (value === null) throw new MissingSecretError(profile.id, profile.name, name)
        return value
      }
      const appKey = await required('appKey', 'App Key')
      const appSecret = await required('appSecret', 'App Secret')
      // Optional: some platform APIs are called as the app, without a shop's authorisation.
      const sessionKey = await secrets.get(secretAccount(profile.id, 'sessionKey'))
      return sealed({
        gatewayUrl: profile.gatewayUrl,
        appKey,
        appSecret,
        ...(sessionKey === null ? {} : { sessionKey }),
        signMethod: profile.signMethod,
        simplify: profile.simplify,
      })
    })
  }

  return {
    list: () => [sandboxView(), ...state.profiles.map(viewOf)],
    active: () => view(activeId()),
    save,
    setActive,
    remove,
    credentials,
  }
}

const REDACTED = '[redacted]'

/**
 * Credentials print and serialise redacted: a stray `logger.info(creds)` or `JSON.stringify`
 * shows which app it was, not the secrets. Property reads (what the signer does) are unaffected,
 * and the hooks are non-enumerable so they do not show up as fields themselves.
 */
function sealed(credentials: Credentials): Credentials {
  const redacted = () => ({
    ...credentials,
    appKey: maskAppKey(credentials.appKey),
    appSecret: REDACTED,
    ...(credentials.sessionKey === undefined ? {} : { sessionKey: REDACTED }),
  })
  return Object.defineProperties(credentials, {
    toJSON: { value: redacted },
    [inspect.custom]: { value: redacted },
  })
}

/** Runs async tasks one after another, whatever each one's outcome. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task)
    tail = run.catch(() => undefined)
    return run
  }
}
