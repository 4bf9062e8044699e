/**
 * Measuring on a shared, noisy machine: contenders run side by side in alternating rounds
 * (A B C, then B C A, …), so a burst of load from a neighbour hits every contender alike, and
 * results are medians of per-round values. Goals are set on ratios between contenders measured
 * this way, never on bare times from different runs.
 */

export interface Summary {
  n: number
  min: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  )
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean,
  }
}

/**
 * The median over rounds of `a[i] / b[i]`: how many times higher A's per-round value is than
 * B's, each round comparing two measurements taken back to back.
 */
export function roundRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('roundRatio needs two series of equal, non-zero length')
  return median(a.map((value, i) => value / b[i]!))
}

/** Contender order for round `round`: rotated by one each round. */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

/** Defeats dead-code elimination: every result is folded into this. */
let sink = 0
export function consume(value: unknown): void {
  sink = (sink + (typeof value === 'string' ? value.length : 1)) | 0
}
export const sinkValue = (): number => sink

export interface SyncRounds {
  /** Rounds measured, after unmeasured warm-up rounds (at least 2, and at least ~0.5 s per contender). */
  rounds: number
  /** Each contender runs about this long per round; the op count is calibrated once on the slowest. */
  roundMs: number
}

/**
 * Synchronous operations: each contender's throughput (ops/s) per round, interleaved.
 * All contenders run the same number of operations per round.
 */
export function interleaveSync(contenders: Readonly<Record<string, () => unknown>>, options: SyncRounds): Record<string, number[]> {
  const names = Object.keys(contenders)
  const ops = calibrate(Object.values(contenders), options.roundMs)
  const results: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  // Enough warm-up for the optimising compilers to have finished with every contender.
  const warmup = Math.max(2, Math.ceil(500 / options.roundMs))
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (const name of rotation(names, round)) {
      const fn = contenders[name]!
      const start = performance.now()
      for (let i = 0; i < ops; i++) consume(fn())
      const elapsed = performance.now() - start
      if (round >= warmup) results[name]!.push((ops * 1000) / elapsed)
    }
  }
  return results
}

/** Operations per round so that the slowest contender takes about `roundMs`. */
function calibrate(fns: readonly (() => unknown)[], roundMs: number): number {
  let slowestMs = 0
  for (const fn of fns) {
    let ops = 1
    let elapsed = 0
    // Grow until a batch is long enough to time.
    for (;;) {
      const start = performance.now()
      for (let i = 0; i < ops; i++) consume(fn())
      elapsed = performance.now() - start
      if (elapsed >= 5 || ops >= 1 << 24) break
      ops *= 4
    }
    slowestMs = Math.max(slowestMs, elapsed / ops)
  }
  return Math.max(1, Math.round(roundMs / slowestMs))
}

/**
 * Times `fn` `samples` times after `warmup` unmeasured runs; returns milliseconds per run.
 */
export async function sampleMs(fn: () => unknown, samples: number, warmup = 3): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < warmup + samples; i++) {
    const start = performance.now()
    consume(await fn())
    const elapsed = performance.now() - start
    if (i >= warmup) times.push(elapsed)
  }
  return times
}
