/**
 * A length of time as the parts a person reads ("1 小时 5 分", "2 min 30 s"), for the message
 * params of the TOP errors. The unit picks the message variant, so each translated text has
 * exactly the placeholders it shows: no "0 小时" and no 3,600 seconds.
 */
export type DurationParts =
  | { unit: 'hours'; params: { hours: number; minutes: number } }
  | { unit: 'minutes'; params: { minutes: number; seconds: number } }
  | { unit: 'seconds'; params: { seconds: number } }

/**
 * Splits a non-negative number of seconds. An hour or more drops the seconds; `round: 'up'`
 * rounds them up into the minutes, for a wait ("try again in …" must not end too early),
 * `'nearest'` rounds them, for a measurement such as a clock offset.
 */
export function durationParts(totalSeconds: number, round: 'up' | 'nearest'): DurationParts {
  const seconds = Math.max(0, Math.round(totalSeconds))
  if (seconds < 60) return { unit: 'seconds', params: { seconds } }
  if (seconds < 3600) return { unit: 'minutes', params: { minutes: Math.floor(seconds / 60), seconds: seconds % 60 } }
  const minutesTotal = round === 'up' ? Math.ceil(seconds / 60) : Math.round(seconds / 60)
  return { unit: 'hours', params: { hours: Math.floor(minutesTotal / 60), minutes: minutesTotal % 60 } }
}
