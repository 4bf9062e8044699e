import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChannelInput, ChannelOutput } from '@contract/ipc/registry'
import type { ProfileView } from '@contract/profiles'
import { useApi } from '../api'

/** The built-in training profile is named in the interface language; users' profiles keep their names. */
export function profileDisplayName(t: (key: string) => string, profile: Pick<ProfileView, 'builtIn' | 'name'>): string {
  return profile.builtIn ? t('settings.builtInName') : profile.name
}

/** Connection profiles as main reports them: masked app keys and "is it set" flags, never secrets. */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<ProfileView[]>([])
  const loaded = ref(false)
  const active = computed(() => profiles.value.find((p) => p.active))
  let listening = false

  async function load(): Promise<void> {
    if (!listening) {
      listening = true
      // Main pushes the list after every save, removal or switch, wherever it came from.
      useApi().on('profiles.changed', (changed) => {
        profiles.value = changed.profiles
      })
    }
    profiles.value = await useApi().profilesList()
    loaded.value = true
  }

  async function save(input: ChannelInput<'profiles.save'>): Promise<ProfileView> {
    const saved = await useApi().profilesSave(input)
    await load()
    return saved
  }

  /** Also says what waits for the other profiles (it stays theirs). */
  async function setActive(id: string): Promise<ChannelOutput<'profiles.setActive'>> {
    const result = await useApi().profilesSetActive({ id })
    await load()
    return result
  }

  async function remove(id: string): Promise<void> {
    await useApi().profilesRemove({ id })
    await load()
  }

  const test = (id: string) => useApi().profilesTestConnection({ id })

  return { profiles, loaded, active, load, save, setActive, remove, test }
})
