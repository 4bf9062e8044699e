import { parseBanSeconds } from '../../electron/main/top/errors'
import { interleaveSync, median, roundRatio } from '../lib/measure'
import { benchCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 5, reading a code-7 ban message. The message comes from the network, so its length and
 * content are the sender's choice: a 100 KB run of digits (no unit anywhere) must cost about what
 * one pass over the text costs, not a pass per digit. Contenders on the same text, interleaved:
 *   ours   `parseBanSeconds(text)`
 *   floor  one `/\d+/g` pass over the text: the least any reader that looks for a number must do
 * The ratio's goal (≤ 5×) holds only for a linear reader: a quadratic one is ~10,000× at this size.
 */
export async function runErrors(ctx: BenchContext): Promise<BenchCase[]> {
  const size = 100_000
  const text = '9'.repeat(size)
  const floorPattern = /\d+/g
  const floor = () => {
    floorPattern.lastIndex = 0
    let runs = 0
    while (floorPattern.exec(text)) runs++
    return runs
  }
  if (parseBanSeconds(text) !== undefined || parseBanSeconds('This ban will last for 12 more seconds') !== 12) {
    throw new Error('errors bench: parseBanSeconds reads the messages wrong')
  }
  const rounds = ctx.quick ? 5 : 31
  const roundMs = ctx.quick ? 15 : 80
  ctx.log(`errors: code-7 message of ${size.toLocaleString('en')} digits, ${rounds} rounds`)
  const timed = interleaveSync({ ours: () => parseBanSeconds(text), floor }, { rounds, roundMs })
  return [
    benchCase({
      name: 'errors.ban_parse_100k.vs_scan',
      metric: 'time ours ÷ one /\\d+/g pass over the same text, code-7 message of 100,000 digits (ops/s floor ÷ ours)',
      value: roundRatio(timed.floor!, timed.ours!),
      unit: '×',
      goal: 5,
      better: 'lower',
    }),
    benchCase({
      name: 'errors.ban_parse_100k.ops',
      metric: `median ops/s, parseBanSeconds on 100,000 digits (floor ${Math.round(median(timed.floor!)).toLocaleString('en')}/s)`,
      value: median(timed.ours!),
      unit: 'ops/s',
      goal: null,
      better: 'higher',
    }),
  ]
}
