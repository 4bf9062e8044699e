import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/app'

export default {
  app: {
    name: 'Coupon Desk',
    fullName: '券台 Coupon Desk',
    tagline: 'Voucher redemption and coupon templates for the store counter',
  },
  nav: {
    redeem: 'Redeem',
    history: 'History',
    report: 'Day report',
    templates: 'Templates',
    settings: 'Settings',
  },
  language: {
    label: 'Language',
    'zh-CN': '中文',
    en: 'English',
  },
  ipc: {
    invalidInput: 'Some input is not valid: check the marked fields',
    invalidOutput: 'Internal data mismatch; please contact support',
    forbidden: 'The request came from an untrusted source and was refused',
    unknownChannel: 'Unknown request: {channel}',
    internal: 'Something went wrong inside the app; nothing was lost',
  },
  common: {
    ok: 'OK',
    cancel: 'Cancel',
    save: 'Save',
    delete: 'Delete',
    loading: 'Loading…',
    retry: 'Retry',
    unlimited: 'Unlimited',
    none: 'None',
    yes: 'Yes',
    no: 'No',
  },
} satisfies DeepStringRecord<typeof zh>
