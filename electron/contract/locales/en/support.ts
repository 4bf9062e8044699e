import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/support'

export default {
  support: {
    title: 'Support and updates',
    version: 'Version',
    updates: 'Updates',
    logs: 'Log files',
    export: 'Export support bundle',
    exportHint:
      'The bundle holds the logs, versions, connection kinds and gateway hosts, redemption and outbox counts and the latest errors — never a secret.',
    exported: 'Support bundle saved: {path}',
    badgeReady: 'Version {version} downloaded; installs when you quit',
    state: {
      off: 'This build does not update itself',
      idle: 'Up to date',
      idleChecked: 'Up to date (checked {at})',
      checking: 'Checking for updates…',
      downloading: 'Downloading {version} in the background ({percent}%)',
      ready: '{version} downloaded; installs when you quit the app',
      readyWaiting: '{version} downloaded; not installed on this quit: {work}',
      error: 'Could not check for updates; will try again tomorrow',
    },
    work: { redemption: 'a redemption is running', outbox: 'templates are waiting to be sent' },
  },
} satisfies DeepStringRecord<typeof zh>
