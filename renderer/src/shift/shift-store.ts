import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { OperatorSaveInput, OperatorView, ShiftSettings, ShiftState } from '@contract/ipc/channels/shift'
import { DEFAULT_SHIFT_SETTINGS } from '@contract/ipc/channels/shift'
import { useApi } from '../api'

/**
 * Who is at the till, as main has it. Main decides (sign-in, PIN checks, lock); this store only
 * mirrors its answers, so a reload or a second view never disagrees with what the journal records.
 */
export const useShiftStore = defineStore('shift', () => {
  const state = ref<ShiftState | null>(null)
  const operators = ref<OperatorView[]>([])

  const enabled = computed(() => state.value?.enabled ?? false)
  const operator = computed(() => state.value?.operator ?? null)
  const locked = computed(() => state.value?.locked ?? false)
  const settings = computed<ShiftSettings>(() => state.value?.settings ?? DEFAULT_SHIFT_SETTINGS)
  /** The counter is waiting for someone to sign in, or for the PIN after a lock. */
  const gateShown = computed(() => enabled.value && (operator.value === null || locked.value))
  const isManager = computed(() => operator.value?.role === 'manager' && !locked.value)
  /** The operator list and settings may be changed: by a manager, or by anyone until there is one. */
  const canManage = computed(() => isManager.value || !operators.value.some((o) => o.role === 'manager'))
  const managers = computed(() => operators.value.filter((o) => o.role === 'manager' && o.hasPin))

  async function load(): Promise<void> {
    const api = useApi()
    const [s, list] = await Promise.all([api.shiftState(), api.shiftOperators()])
    state.value = s
    operators.value = list.operators
  }
  async function signIn(operatorId: string, pin?: string): Promise<void> {
    state.value = await useApi().shiftSignIn({ operatorId, ...(pin ? { pin } : {}) })
  }
  async function unlock(pin?: string): Promise<void> {
    state.value = await useApi().shiftUnlock(pin ? { pin } : {})
  }
  async function lock(): Promise<void> {
    if (!enabled.value || !operator.value || locked.value) return
    state.value = await useApi().shiftLock()
  }
  async function signOut(): Promise<void> {
    state.value = await useApi().shiftSignOut()
  }
  async function saveOperator(input: OperatorSaveInput): Promise<void> {
    operators.value = (await useApi().shiftSaveOperator(input)).operators
    state.value = await useApi().shiftState()
  }
  async function removeOperator(id: string): Promise<void> {
    operators.value = (await useApi().shiftRemoveOperator({ id })).operators
    state.value = await useApi().shiftState()
  }
  async function saveSettings(next: ShiftSettings): Promise<void> {
    state.value = await useApi().shiftSaveSettings(next)
  }

  return {
    state,
    operators,
    enabled,
    operator,
    locked,
    settings,
    gateShown,
    isManager,
    canManage,
    managers,
    load,
    signIn,
    unlock,
    lock,
    signOut,
    saveOperator,
    removeOperator,
    saveSettings,
  }
})
