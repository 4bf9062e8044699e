import { seededRng } from '../../test/support/fuzz'

/**
 * When, where and by whom the seeded journal's redemption calls were made: a busy chain's three
 * years rather than a uniform formula. Days are weighted by weekday (weekends busiest), month and
 * a few shopping festivals, and by the chain's growth; times of day cluster at lunch and dinner
 * inside opening hours; shop sizes follow a power law (the busiest shop has dozens of times the
 * calls of the quietest), busy shops employ more of the 200 operators, and a minority of regular
 * customers make many of the visits. Everything comes from one seeded generator (the IPC fuzz tests'
 * mulberry32), so every run seeds the same journal.
 */

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS
/** Beijing is UTC+8 all year. */
const BEIJING_OFFSET_MS = 8 * HOUR_MS

export interface SpreadOptions {
  calls: number
  /** Midnight of the first day, Beijing time, as epoch milliseconds. */
  start: number
  days: number
  shops: number
  operators: number
  customers: number
  seed: number
}

export interface CallSpread {
  /** Epoch milliseconds, ascending (calls are journaled in time order, so row ids follow time). */
  at: Float64Array
  /** 0 … shops − 1. */
  shop: Uint16Array
  /** 0 … operators − 1; each operator works at one shop (`operatorShop`). */
  operator: Uint16Array
  /** 0 … customers − 1. */
  customer: Uint32Array
  operatorShop: Uint16Array
}

/** Monday … Sunday. */
const WEEKDAY = [0.85, 0.85, 0.9, 0.95, 1.15, 1.55, 1.4]
/** January … December: Spring Festival shopping, summer, Double 11 and the year's end. */
const MONTH = [1.15, 1.1, 0.85, 0.9, 1.0, 1.0, 1.05, 1.1, 0.95, 1.05, 1.25, 1.3]
/** Fixed-date peaks (month, day → factor): Labour Day week, National Day week, Double 11, Double 12. */
const FESTIVALS = new Map<string, number>([
  ...[1, 2, 3, 4, 5].map((d) => [`5-${d}`, 1.4] as const),
  ...[1, 2, 3, 4, 5, 6, 7].map((d) => [`10-${d}`, 1.6] as const),
  ['11-11', 2.5],
  ['12-12', 1.8],
])

/** Relative traffic of each day: weekday × month × festival × growth (0.7 → 1.3 over the period). */
export function dayWeights(start: number, days: number): Float64Array {
  const weights = new Float64Array(days)
  for (let d = 0; d < days; d++) {
    const local = new Date(start + d * DAY_MS + BEIJING_OFFSET_MS)
    const weekday = (local.getUTCDay() + 6) % 7
    const month = local.getUTCMonth()
    const festival = FESTIVALS.get(`${month + 1}-${local.getUTCDate()}`) ?? 1
    const growth = 0.7 + (0.6 * d) / Math.max(1, days - 1)
    weights[d] = WEEKDAY[weekday]! * MONTH[month]! * festival * growth
  }
  return weights
}

/** `total` split in proportion to `weights`, in whole numbers that add up (largest remainder). */
export function apportion(weights: ArrayLike<number>, total: number, minimum = 0): Int32Array {
  const n = weights.length
  const counts = new Int32Array(n).fill(minimum)
  const left = total - minimum * n
  if (left < 0) throw new RangeError(`cannot give ${n} parts at least ${minimum} of ${total}`)
  let sum = 0
  for (let i = 0; i < n; i++) sum += weights[i]!
  const remainders: { i: number; r: number }[] = []
  let given = 0
  for (let i = 0; i < n; i++) {
    const exact = (weights[i]! / sum) * left
    counts[i]! += Math.floor(exact)
    given += Math.floor(exact)
    remainders.push({ i, r: exact - Math.floor(exact) })
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; k < left - given; k++) counts[remainders[k]!.i]! += 1
  return counts
}

/** Picks index i with probability weights[i] / Σ, by binary search over the running sums. */
function sampler(weights: ArrayLike<number>, rand: () => number): () => number {
  const cumulative = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i]!
  return () => {
    const x = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Standard normal deviate (Box–Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

const OPEN_HOUR = 8
const CLOSE_HOUR = 22

/** Hours after midnight: lunch (12:10 ± 40 min), dinner (18:40 ± 55 min) or any open hour. */
export function hourOfDay(rand: () => number): number {
  for (;;) {
    const pick = rand()
    const hour =
      pick < 0.36 ? 12.17 + 0.67 * normal(rand) : pick < 0.74 ? 18.67 + 0.92 * normal(rand) : OPEN_HOUR + (CLOSE_HOUR - OPEN_HOUR) * rand()
    if (hour >= OPEN_HOUR && hour < CLOSE_HOUR) return hour
  }
}

/** Shop s's share of the traffic: Zipf's law (1/rank) over a shuffled order of the shops. */
export function shopWeights(shops: number, rand: () => number): Float64Array {
  const order = Array.from({ length: shops }, (_, i) => i)
  for (let i = shops - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const weights = new Float64Array(shops)
  order.forEach((shop, rank) => (weights[shop] = 1 / (rank + 1)))
  return weights
}

export function spreadCalls(options: SpreadOptions): CallSpread {
  const { calls, start, days, shops, operators, customers } = options
  const rand = seededRng(options.seed)
  const perDay = apportion(dayWeights(start, days), calls)

  const shopWeight = shopWeights(shops, rand)
  const pickShop = sampler(shopWeight, rand)
  // Staff grows less than linearly with traffic; every shop has at least one operator.
  const staff = apportion(
    Array.from(shopWeight, (w) => w ** 0.7),
    operators,
    1,
  )
  const operatorShop = new Uint16Array(operators)
  const staffOf: { first: number; pick: () => number }[] = []
  let next = 0
  for (let s = 0; s < shops; s++) {
    const first = next
    for (let k = 0; k < staff[s]!; k++) operatorShop[next++] = s
    // Full-timers take more of the shifts than part-timers.
    staffOf.push({
      first,
      pick: sampler(
        Array.from({ length: staff[s]! }, (_, k) => 1 / (k + 1) ** 0.6),
        rand,
      ),
    })
  }
  // Regulars: index = ⌊n·u^1.5⌋, so the most loyal customer comes every few days and the median
  // one a few times in three years; mapped through a bijection so ids are not in rank order.
  const stride = coprimeStride(customers)

  const at = new Float64Array(calls)
  const shop = new Uint16Array(calls)
  const operator = new Uint16Array(calls)
  const customer = new Uint32Array(calls)
  let e = 0
  const times: number[] = []
  for (let d = 0; d < days; d++) {
    times.length = 0
    for (let k = 0; k < perDay[d]!; k++) times.push(start + d * DAY_MS + Math.floor(hourOfDay(rand) * HOUR_MS))
    times.sort((a, b) => a - b)
    for (const time of times) {
      const s = pickShop()
      at[e] = time
      shop[e] = s
      operator[e] = staffOf[s]!.first + staffOf[s]!.pick()
      customer[e] = (Math.floor(customers * rand() ** 1.5) * stride) % customers
      e++
    }
  }
  return { at, shop, operator, customer, operatorShop }
}

/** A stride near n·0.618 sharing no factor with n, so i ↦ i·stride mod n is one-to-one. */
function coprimeStride(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
  let stride = Math.max(1, Math.floor(n * 0.618))
  while (gcd(stride, n) !== 1) stride++
  return stride
}
