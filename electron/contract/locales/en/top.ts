import type { DeepStringRecord } from '../types'
import type zh from '../zh-CN/top'

/** English texts of every key the TOP client emits; same keys as `../zh-CN/top.ts`. */
export default {
  top: {
    error: {
      transport: {
        notSent: 'Could not reach the TOP gateway; nothing was sent, so retrying is safe',
        outcomeUnknown:
          'The request went out but no valid answer came back, so its outcome is unknown; any retry reuses the same request, never a new one',
      },
      server: 'The platform has a temporary fault ({subCode}); please try again shortly',
      ban: {
        timed: {
          hours: 'Too many calls: the platform has paused this app; try again in {hours} h {minutes} min',
          minutes: 'Too many calls: the platform has paused this app; try again in {minutes} min {seconds} s',
          seconds: 'Too many calls: the platform has paused this app; try again in {seconds} s',
        },
        untimed: 'Too many calls: the platform has paused this app; please try again later',
      },
      rateLimited: "Over the platform's call limit (code {code}); please try again shortly",
      signature: 'Invalid signature: the App Secret or signing method does not match the App Key (code {code})',
      clock: {
        ahead: {
          hours: "This PC's clock is {hours} h {minutes} min ahead of the platform's; set the clock right and retry",
          minutes: "This PC's clock is {minutes} min {seconds} s ahead of the platform's; set the clock right and retry",
        },
        behind: {
          hours: "This PC's clock is {hours} h {minutes} min behind the platform's; set the clock right and retry",
          minutes: "This PC's clock is {minutes} min {seconds} s behind the platform's; set the clock right and retry",
        },
        unknown: "The request's timestamp was refused; check this PC's date and time",
      },
      session: {
        missing: "This API needs the store's authorisation (session key); authorise the store in Settings first",
        invalid: "The store's authorisation (session key) is invalid or has expired; please authorise again",
      },
      appKey: {
        missing: 'No App Key is set',
        invalid: 'The App Key is not valid; check the App Key and gateway URL in Settings',
      },
      caller: {
        missingParameter: 'A required parameter is missing: {detail}',
        invalidParameter: 'A parameter is not valid: {detail}',
        other: 'The platform refused the request ({subCode}): {detail}',
      },
      platform: 'The platform answered with error {code}: {msg}',
      response: "The platform's answer could not be read ({path}); check the result on the platform before retrying",
    },
  },
} satisfies DeepStringRecord<typeof zh>
