import type { Composer } from 'vue-i18n'
import type { UpdateState } from '@contract/ipc/channels/updates'
import { formatTime } from '../shared/time'

/** The update state in a sentence. */
export function updateText(t: Composer['t'], state: UpdateState, locale: string): string {
  switch (state.state) {
    case 'off':
      return t('support.state.off')
    case 'idle':
      return state.lastCheckedAt
        ? t('support.state.idleChecked', { at: formatTime(Date.parse(state.lastCheckedAt), locale) })
        : t('support.state.idle')
    case 'checking':
      return t('support.state.checking')
    case 'downloading':
      return t('support.state.downloading', { version: state.version, percent: state.percent })
    case 'ready':
      return state.waitingFor
        ? t('support.state.readyWaiting', { version: state.version, work: t(`support.work.${state.waitingFor}`) })
        : t('support.state.ready', { version: state.version })
    case 'error':
      return t('support.state.error')
  }
}
