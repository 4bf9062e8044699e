import {
  DEFAULT_SHIFT_SETTINGS,
  ShiftSettingsSchema,
  type ActInfo,
  type ApprovalAction,
  type ApprovalInput,
  type OperatorSaveInput,
  type OperatorView,
  type ReversalReason,
  type ShiftSettings,
  type ShiftState,
} from '@contract/ipc/channels/shift'
import { AppError } from '@main/ipc/app-error'
import type { Database } from '@main/store/db'
import { ShiftStore, type ActRecord, type OperatorRecord, type SessionRecord } from '@main/store/shift'
import { PinLockout } from './lockout'
import { hashPin, verifyPin } from './pin'

/** The operator the journal records for an act: id and name, from the shift, never from the renderer. */
export interface Actor {
  operatorId: string
  operatorName: string
}

/** A manager's approval that main checked. */
export interface Approval {
  approverId: string
  approverName: string
  approvedAt: number
}

/**
 * What the redemption and template services ask of the shift. With no operator list the store
 * runs as before (the operator typed on the screen or the profile's default): `actor()` answers
 * undefined and nothing needs approval.
 */
export interface ShiftGate {
  /** The signed-in operator; throws when the counter needs one and nobody is signed in, or the screen is locked. */
  actor(): Actor | undefined
  /** Checks a manager's PIN where the store requires approval for `action`; null when none is required. */
  authorize(action: ApprovalAction, approval: ApprovalInput | undefined): Promise<Approval | null>
  /** A reversal in shift mode needs a reason; returns the reason to record (null outside shift mode). */
  reason(reason: ReversalReason | undefined): ReversalReason | null
  record(act: Omit<ActRecord, 'shiftId' | 'at' | 'actorId' | 'actorName'> & { actor: Actor | undefined }): void
  /** The acts recorded on these journal entries and voucher rows. */
  acts(entryIds: readonly number[], rowIds: readonly number[]): { byEntry: Map<number, ActInfo>; byRow: Map<number, ActInfo> }
}

/**
 * Who is at the till. One shift is open at a time; it survives a restart locked (the PIN is asked
 * again), and ends at sign-out. PIN checks share one lockout per purpose: five wrong sign-in or
 * unlock PINs lock those for a minute, and five wrong approval PINs lock approval for a minute.
 */
export class ShiftService implements ShiftGate {
  readonly store: ShiftStore
  readonly #now: () => number
  #locked: boolean
  readonly #signInLockout: PinLockout
  readonly #approvalLockout: PinLockout

  constructor(db: Database, now: () => Date) {
    this.store = new ShiftStore(db)
    this.#now = () => now().getTime()
    this.#signInLockout = new PinLockout(this.#now)
    this.#approvalLockout = new PinLockout(this.#now)
    // A shift left open by the last run is taken up locked: whoever is at the till proves it.
    this.#locked = this.store.openSession() !== undefined
  }

  enabled(): boolean {
    return this.store.hasOperators()
  }

  state(): ShiftState {
    const session = this.#session()
    const operator = session ? this.store.operator(session.operatorId) : undefined
    return {
      enabled: this.enabled(),
      operator: session ? view(operator ?? { id: session.operatorId, name: session.operatorName, role: 'cashier', pinHash: null }) : null,
      shiftId: session?.id ?? null,
      signedInAt: session?.startedAt ?? null,
      locked: session ? this.#locked : false,
      settings: this.settings(),
    }
  }

  operators(): { operators: OperatorView[] } {
    return { operators: this.store.operators().map(view) }
  }

  async saveOperator(input: OperatorSaveInput): Promise<{ operators: OperatorView[] }> {
    this.#requireManager()
    const pinHash = input.pin === undefined ? undefined : input.pin === null ? null : await hashPin(input.pin)
    const existing = this.store.operator(input.id)
    // The last manager who can approve must not demote themselves out of the list's keeping.
    if (existing?.role === 'manager' && input.role !== 'manager' && this.#managers().length === 1) {
      throw new AppError('conflict', 'shift.error.lastManager')
    }
    this.store.saveOperator(
      { id: input.id, name: input.name, role: input.role, ...(pinHash !== undefined ? { pinHash } : {}) },
      this.#now(),
    )
    return this.operators()
  }

  removeOperator(id: string): { operators: OperatorView[] } {
    this.#requireManager()
    const target = this.store.operator(id)
    if (!target) throw new AppError('not-found', 'shift.error.noSuchOperator', { id })
    if (this.#session()?.operatorId === id) throw new AppError('conflict', 'shift.error.removeSignedIn')
    if (target.role === 'manager' && this.#managers().length === 1 && this.store.operators().length > 1) {
      throw new AppError('conflict', 'shift.error.lastManager')
    }
    this.store.removeOperator(id)
    return this.operators()
  }

  async signIn(operatorId: string, pin: string | undefined): Promise<ShiftState> {
    const operator = this.store.operator(operatorId)
    if (!operator) throw new AppError('not-found', 'shift.error.noSuchOperator', { id: operatorId })
    await this.#checkPin(operator, pin, this.#signInLockout, ['pin'])
    const open = this.#session()
    // Someone else taking the till ends the previous shift (its owner signs in again later).
    if (open && open.operatorId !== operatorId) this.store.endSession(open.id, this.#now())
    if (!open || open.operatorId !== operatorId) this.store.startSession(operator.id, operator.name, this.#now())
    this.#locked = false
    return this.state()
  }

  lock(): ShiftState {
    if (this.#session()) this.#locked = true
    return this.state()
  }

  async unlock(pin: string | undefined): Promise<ShiftState> {
    const session = this.#session()
    if (!session) throw new AppError('forbidden', 'shift.error.signedOut')
    const operator = this.store.operator(session.operatorId)
    if (!operator) throw new AppError('not-found', 'shift.error.noSuchOperator', { id: session.operatorId })
    await this.#checkPin(operator, pin, this.#signInLockout, ['pin'])
    this.#locked = false
    return this.state()
  }

  signOut(): ShiftState {
    const session = this.#session()
    if (session) this.store.endSession(session.id, this.#now())
    this.#locked = false
    return this.state()
  }

  saveSettings(settings: ShiftSettings): ShiftState {
    this.#requireManager()
    this.store.saveSettings(settings)
    return this.state()
  }

  /** The session a report of "this shift" covers. */
  session(id: number): SessionRecord | undefined {
    return this.store.session(id)
  }

  // --- ShiftGate ------------------------------------------------------------------------------

  actor(): Actor | undefined {
    if (!this.enabled()) return undefined
    const session = this.#session()
    if (!session) throw new AppError('forbidden', 'shift.error.signedOut')
    if (this.#locked) throw new AppError('forbidden', 'shift.error.locked')
    return { operatorId: session.operatorId, operatorName: session.operatorName }
  }

  async authorize(action: ApprovalAction, approval: ApprovalInput | undefined): Promise<Approval | null> {
    const required = this.settings().approval
    // A bulk reversal is at least a reversal: a store that guards one guards the other.
    if (!required[action] && !(action === 'bulkReverse' && required.reverse)) return null
    if (!approval) throw new AppError('forbidden', 'shift.error.approvalRequired', { action })
    const manager = this.store.operator(approval.managerId)
    if (!manager || manager.role !== 'manager' || !manager.pinHash) {
      throw new AppError('invalid-input', 'ipc.invalidInput', undefined, {
        issues: [{ path: ['approval', 'managerId'], key: 'shift.error.notAManager', params: { id: approval.managerId } }],
      })
    }
    await this.#checkPin(manager, approval.pin, this.#approvalLockout, ['approval', 'pin'])
    return { approverId: manager.id, approverName: manager.name, approvedAt: this.#now() }
  }

  reason(reason: ReversalReason | undefined): ReversalReason | null {
    if (reason) return reason
    if (!this.enabled()) return null
    throw new AppError('invalid-input', 'ipc.invalidInput', undefined, {
      issues: [{ path: ['reason', 'code'], key: 'shift.reason.required', params: {} }],
    })
  }

  record(act: Omit<ActRecord, 'shiftId' | 'at' | 'actorId' | 'actorName'> & { actor: Actor | undefined }): void {
    const { actor, ...rest } = act
    // Outside shift mode nobody signed in: the act is kept only when it carries an approval or reason.
    if (!actor && !rest.approval && !rest.reason) return
    this.store.recordAct({
      ...rest,
      shiftId: this.#session()?.id ?? null,
      actorId: actor?.operatorId ?? '',
      actorName: actor?.operatorName ?? null,
      at: this.#now(),
    })
  }

  acts(entryIds: readonly number[], rowIds: readonly number[]): { byEntry: Map<number, ActInfo>; byRow: Map<number, ActInfo> } {
    return this.store.actsFor(entryIds, rowIds)
  }

  /** The store's settings; settings written by an older version may lack newer keys: the defaults fill them in. */
  settings(): ShiftSettings {
    const stored = this.store.settings() as Partial<ShiftSettings> | undefined
    if (stored === undefined) return DEFAULT_SHIFT_SETTINGS
    const merged = {
      ...DEFAULT_SHIFT_SETTINGS,
      ...stored,
      approval: { ...DEFAULT_SHIFT_SETTINGS.approval, ...stored.approval },
      sound: { ...DEFAULT_SHIFT_SETTINGS.sound, ...stored.sound },
      slip: { ...DEFAULT_SHIFT_SETTINGS.slip, ...stored.slip },
    }
    const parsed = ShiftSettingsSchema.safeParse(merged)
    return parsed.success ? parsed.data : DEFAULT_SHIFT_SETTINGS
  }

  // --- internals ------------------------------------------------------------------------------

  #session(): SessionRecord | undefined {
    return this.store.openSession()
  }

  #managers(): OperatorRecord[] {
    return this.store.operators().filter((o) => o.role === 'manager')
  }

  /**
   * The operator list and the store's settings are a manager's: a signed-in, unlocked manager
   * may change them. Until the list has a manager, anyone may start it (the first setup).
   */
  #requireManager(): void {
    if (this.#managers().length === 0) return
    const session = this.#session()
    const operator = session && this.store.operator(session.operatorId)
    if (!operator || operator.role !== 'manager' || this.#locked) throw new AppError('forbidden', 'shift.error.managerOnly')
  }

  async #checkPin(operator: OperatorRecord, pin: string | undefined, lockout: PinLockout, path: (string | number)[]): Promise<void> {
    if (!operator.pinHash) return
    const waitMs = lockout.remainingMs()
    if (waitMs > 0) throw new AppError('forbidden', 'shift.error.pinLocked', { seconds: Math.ceil(waitMs / 1000) })
    if (pin !== undefined && (await verifyPin(pin, operator.pinHash))) {
      lockout.succeeded()
      return
    }
    lockout.failed()
    const locked = lockout.remainingMs()
    if (locked > 0) throw new AppError('forbidden', 'shift.error.pinLocked', { seconds: Math.ceil(locked / 1000) })
    throw new AppError('invalid-input', 'ipc.invalidInput', undefined, {
      issues: [{ path, key: 'shift.error.wrongPin', params: { left: lockout.attemptsLeft() } }],
    })
  }
}

function view(o: OperatorRecord): OperatorView {
  return { id: o.id, name: o.name, role: o.role, hasPin: o.pinHash !== null }
}
