import type { CatalogItem } from './catalog'
import type { Guardrails, Binding, Corner, CornerPoint, Objective, PriceUnit } from '../../shared/pricing'
import { optimizePrices, type CandidateTables, type DemandFn } from './optimize'
import { count, pct } from '../../shared/format/numbers'
import { causalCurve } from './causal-demand'
import { field, indices } from '../util/typed'
import { catalogColumns, catalogFromColumns, type CatalogColumns } from './catalog-columns'

/** Bounds that are guardrails (limits the analyst set), not portfolio rules or flags. */
const GUARDS: Binding[] = [
  'max_decrease',
  'max_increase',
  'min_price',
  'max_price',
  'observed_range',
  'competitor_band'
]

/** A cost below this share of the price is negligible: margin then behaves like revenue. */
const NEGLIGIBLE_COST = 0.05

export interface CornerRow {
  current_price: number
  recommended_price: number
  binding_guardrail: Binding
}

/**
 * The corner of a sheet, or null: more than half of the changed prices sit on
 * guardrails. The reason says why the objective runs to the guardrail and what would
 * change it (set costs, switch objective, the guardrail that decides).
 */
export function findCorner(
  rows: CornerRow[],
  items: CatalogItem[],
  objective: Objective,
  g: Guardrails
): Corner | null {
  const changed = rows.filter((r) => r.recommended_price !== r.current_price)
  const onGuard = changed.filter((r) => GUARDS.includes(r.binding_guardrail))
  if (!changed.length || onGuard.length * 2 <= changed.length) return null
  const counts = new Map<string, number>()
  for (const r of onGuard)
    counts.set(String(r.binding_guardrail), (counts.get(String(r.binding_guardrail)) ?? 0) + 1)
  const [guardrail, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))
  const down = onGuard.filter((r) => r.recommended_price < r.current_price).length * 2 > onGuard.length
  const costShare = medianCostShare(items)
  const what = describeGuard(guardrail, g)
  const share = `${count(n)} of ${count(changed.length)} changed prices`
  let why: string
  if (down && objective === 'revenue')
    why = `revenue keeps rising as prices fall where demand is elastic (ε < −1), so there is no best price inside the guardrails: ${what} decides ${share}. Map a cost column, import a cost table or set a cost share to price for margin, which has an optimum; or choose ${what} deliberately`
  else if (down && costShare !== null && costShare < NEGLIGIBLE_COST)
    why = `margin keeps rising as prices fall because costs are negligible (median ${pct(costShare)} of the price) and demand is elastic: ${what} decides ${share}. Check the costs; with them right the margin has an optimum`
  else if (down)
    why = `the margin's best prices lie below ${what}, which decides ${share}: a wider limit would cut further, into prices not yet tried`
  else
    why = `the ${objective} keeps rising as prices rise (demand is inelastic there, |ε| < 1), so ${what} decides ${share}: a wider limit would raise prices further, beyond what the data has measured`
  return { guardrail, items: n, reason: `A corner, not an optimum: ${why}.` }
}

/** The guardrail in the analyst's words, with its setting where it has one ("the 20% max decrease"). */
function describeGuard(rule: string, g: Guardrails): string {
  const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 100)}% `)
  switch (rule) {
    case 'max_decrease':
      return `the ${pct(g.max_decrease)}max decrease`
    case 'max_increase':
      return `the ${pct(g.max_increase)}max increase`
    case 'observed_range':
      return 'the observed price range'
    default:
      return `the ${rule.replace(/_/g, ' ')}`
  }
}

function medianCostShare(items: CatalogItem[]): number | null {
  const s = items.filter((it) => it.cost !== null).map((it) => (it.cost as number) / it.current_price)
  if (s.length < items.length || !s.length) return null
  s.sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** What a width's re-optimization needs besides the items and the curve. */
export interface CornerOptions {
  objective: Objective
  min_volume_share: number | null
  guardrails: Guardrails
  unit: PriceUnit
}

/**
 * The corner curve's re-optimizations on other threads (the training worker pool): the items, the causal
 * curve's numbers (`DemandFn.causal`) and the options. Every thread (this one and each job's) takes the next
 * width not yet claimed in `claims`, shared memory with one word per width (0: free, else its claimant), by
 * compare-and-exchange: a width runs once, wherever a core is free. Back, the prices of the widths the job
 * claimed (null for the others).
 */
export interface CornerJob {
  /** The catalog items as columns (catalog-columns.ts): cloned ~10× faster than the objects. */
  items: CatalogColumns
  q0: Float64Array
  eps: Float64Array
  options: CornerOptions
  key: 'max_decrease' | 'max_increase'
  widths: number[]
  claims: Int32Array
  /** This job's mark in `claims` (HERE, 1, is the thread that asked). */
  claimant: number
}
/**
 * Other threads for the corner curve: `run` runs a job on one (`signal.aborted` turns true when its answer is
 * no longer needed: end it); `threads`, how many are free now (the pool's idle workers): one job is sent to
 * each, at most one per width. A worker started for it would cost more than it saves (~1 s to start).
 */
export interface CornerElsewhere {
  run: (job: CornerJob, signal: { aborted: boolean }) => Promise<(Float64Array | null)[]>
  threads: number
}

/** The mark of the thread that runs the corner curve in `CornerJob.claims`; jobs elsewhere are 2, 3, … */
const HERE = 1

/** Claims width j for `claimant`: true when it was free (the claimant then runs it). */
const claim = (claims: Int32Array, j: number, claimant: number) =>
  Atomics.compareExchange(claims, j, 0, claimant) === 0

/** Each width's optimized prices: the same optimizer with the deciding guardrail set to that width. */
async function widthPrices(
  items: CatalogItem[],
  demand: DemandFn,
  o: CornerOptions,
  key: CornerJob['key'],
  width: number,
  scratch: CandidateTables
): Promise<Float64Array> {
  const r = await optimizePrices(items, demand, {
    ...o,
    guardrails: { ...o.guardrails, [key]: width },
    scratch
  })
  return field(r.items, (x) => x.price)
}

/**
 * A corner job where it runs (a worker): the causal curve rebuilt from its numbers (the same bits), then the
 * free widths from the narrowest, one claim at a time, until none is left.
 */
export async function cornerJobPrices(job: CornerJob): Promise<(Float64Array | null)[]> {
  const out: (Float64Array | null)[] = job.widths.map(() => null)
  // Arrived when every width is taken (the other threads were quicker): nothing to rebuild.
  if (job.widths.every((_, j) => Atomics.load(job.claims, j) !== 0)) return out
  const items = catalogFromColumns(job.items)
  const p0 = field(items, (it) => it.current_price)
  const q0 = Promise.resolve(job.q0)
  const demand = causalCurve(() => q0, p0, job.eps)
  const scratch: CandidateTables = {}
  for (let j = 0; j < job.widths.length; j++)
    if (claim(job.claims, j, job.claimant))
      out[j] = await widthPrices(items, demand, job.options, job.key, job.widths[j], scratch)
  return out
}

interface Elsewhere {
  claimant: number
  /** The other thread's prices once it has answered (undefined until then). */
  answer?: (Float64Array | null)[]
  failed?: unknown
  done: Promise<void>
  signal: { aborted: boolean }
}

/** Sends a job (posted before this returns: the pool posts its message at once when a worker is free). */
function startElsewhere(job: CornerJob, elsewhere: CornerElsewhere): Elsewhere {
  const e: Elsewhere = { claimant: job.claimant, done: Promise.resolve(), signal: { aborted: false } }
  e.done = elsewhere.run(job, e.signal).then(
    (p) => void (e.answer = p),
    (err: unknown) => void (e.failed = err)
  )
  return e
}

/** A corner curve under way: `finish` gives its points (null where the deciding guardrail has no width). */
export interface CornerCurveRun {
  finish(): Promise<CornerPoint[] | null>
}

/** The widths the curve re-optimizes at, as shares of today's price. */
const WIDTHS = [0.05, 0.1, 0.2, 0.3, 0.4]

/** The guardrail a corner's curve varies: a max change (the others have no width). */
function keyOf(corner: Corner | null): CornerJob['key'] | null {
  const g = corner?.guardrail
  return g === 'max_decrease' || g === 'max_increase' ? g : null
}

/** A decrease of 100% or more is no price: the widths a key can take. */
const widthsFor = (key: CornerJob['key'], widths: number[]) =>
  widths.filter((w) => !(key === 'max_decrease' && w > 0.99))

const sameWidths = (a: number[], b: number[]) => a.length === b.length && a.every((w, j) => w === b[j])

/** A width's re-optimization settings alone, out of a caller's wider options (they travel to the jobs). */
const cornerOptions = (o: CornerOptions): CornerOptions => ({
  objective: o.objective,
  min_volume_share: o.min_volume_share,
  guardrails: o.guardrails,
  unit: o.unit
})

/** The same re-optimization: the jobs ahead ran with these very settings (the same guardrails object). */
const sameOptions = (a: CornerOptions, b: CornerOptions) =>
  a.objective === b.objective &&
  a.min_volume_share === b.min_volume_share &&
  a.guardrails === b.guardrails &&
  a.unit === b.unit

/** Jobs for the widths, one per free thread elsewhere (none without the causal curve's numbers). */
async function postJobs(
  items: CatalogItem[],
  demand: DemandFn,
  options: CornerOptions,
  key: CornerJob['key'],
  ws: number[],
  elsewhere: CornerElsewhere | undefined
): Promise<{ claims: Int32Array; there: Elsewhere[] }> {
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, ws.length)))
  const there: Elsewhere[] = []
  const numbers = elsewhere && demand.causal ? await demand.causal() : null
  if (!numbers || !elsewhere) return { claims, there }
  const packed = catalogColumns(items)
  for (let t = 0; t < Math.min(elsewhere.threads, ws.length); t++)
    there.push(
      startElsewhere(
        { items: packed, options, key, widths: ws, claims, claimant: HERE + 1 + t, ...numbers },
        elsewhere
      )
    )
  return { claims, there }
}

/** Jobs posted ahead of the sheet's optimum, betting on the guardrail its corner will have. */
export interface CornerAhead {
  key: CornerJob['key']
  widths: number[]
  options: CornerOptions
  claims: Int32Array
  there: Elsewhere[]
}

/** In `claims`: a width nobody is to run (the bet was lost). */
const CANCELLED = -1

/**
 * The corner curve's jobs posted before the sheet is optimized, while the other threads would sit idle: on the
 * causal curve alone, for the max change most items' objective pulls towards at today's prices (the sign of
 * its slope there: revenue falls with price where ε < −1; margin where ε·(1 − cost/price) < −1). Most sheets
 * whose optimum is a corner sit on that guardrail; `startCornerCurve` uses the jobs when the corner is on it,
 * and stops them otherwise (a lost bet costs the other threads' idle time, and at most the width each was
 * running when the sheet was done). Null when nothing is sent.
 */
export async function startCornerAhead(
  items: CatalogItem[],
  demand: DemandFn,
  o: CornerOptions & { elsewhere: CornerElsewhere },
  widths: number[] = WIDTHS
): Promise<CornerAhead | null> {
  if (!demand.causal || o.elsewhere.threads < 1) return null
  const { eps } = await demand.causal()
  let down = 0
  for (let i = 0; i < items.length; i++) {
    const it = items[i]
    const kept = o.objective === 'margin' ? 1 - (it.cost ?? 0) / it.current_price : 1
    if (eps[i] * kept < -1) down++
  }
  const key = down * 2 > items.length ? 'max_decrease' : 'max_increase'
  // A guardrail that is not set cannot be the corner.
  if (o.guardrails[key] === null || o.guardrails[key] === undefined) return null
  const opts = cornerOptions(o)
  return {
    key,
    widths,
    options: opts,
    ...(await postJobs(items, demand, opts, key, widthsFor(key, widths), o.elsewhere))
  }
}

/**
 * A lost bet: no width is left to start, so each job ends once its current width is done, and its answer is not
 * waited for. Not aborted: the pool ends a worker whose task is aborted, and the app would then start and warm a
 * new one for its next task (~1 s) after every sheet without a corner.
 */
export function cancelAhead(ahead: CornerAhead): void {
  for (let j = 0; j < ahead.claims.length; j++) Atomics.compareExchange(ahead.claims, j, 0, CANCELLED)
}

/**
 * The objective's change against the deciding guardrail's width: the same
 * optimizer with the max change (both ways, or the deciding one) set to each width.
 * Null where the deciding guardrail has no width to vary (the observed range, a price).
 * With `elsewhere` and the causal curve alone, the widths start at once on other threads while the caller
 * goes on; `finish` then takes the widths no thread has claimed yet, from the widest, and waits only for
 * those claimed elsewhere: the same prices (the same code on the same numbers) on every core. On a loaded
 * machine the other threads (background-priority workers) may wait for a core: this thread then does every
 * width they have not started. A failure elsewhere, in a job that had claimed a width, is reported as it is.
 */
export async function startCornerCurve(
  corner: Corner | null,
  items: CatalogItem[],
  demand: DemandFn,
  o: CornerOptions & {
    /** Candidate tables to write over, one optimization after another (optimize.ts). */
    scratch?: CandidateTables
    elsewhere?: CornerElsewhere
    /** Jobs posted before the sheet's corner was known (startCornerAhead): used when they bet on its guardrail. */
    ahead?: CornerAhead | null
  },
  widths: number[] = WIDTHS
): Promise<CornerCurveRun> {
  const none = { finish: async () => null }
  const key = keyOf(corner)
  const opts = cornerOptions(o)
  const a = o.ahead
  const ahead = a && a.key === key && sameWidths(a.widths, widths) && sameOptions(a.options, opts) ? a : null
  if (a && !ahead) cancelAhead(a)
  if (!key) return none
  const ws = widthsFor(key, widths)
  const all = indices(items.length)
  const today = field(items, (it) => it.current_price)
  const value = (p: Float64Array, q: Float64Array) =>
    items.reduce((s, it, i) => s + (o.objective === 'margin' ? p[i] - (it.cost ?? 0) : p[i]) * q[i], 0)
  // Today's objective first: without a positive one there is no curve, and no job is sent.
  const v0 = value(today, await demand(all, today))
  if (!(v0 > 0)) {
    if (ahead) cancelAhead(ahead)
    return none
  }
  const { claims, there } = ahead ?? (await postJobs(items, demand, opts, key, ws, o.elsewhere))
  const finish = async (): Promise<CornerPoint[] | null> => {
    const prices: (Float64Array | null)[] = ws.map(() => null)
    // The claims are shared memory: what the other threads have started is known here without a message.
    for (let j = ws.length - 1; j >= 0; j--)
      if (claim(claims, j, HERE))
        prices[j] = await widthPrices(items, demand, opts, key, ws[j], o.scratch ?? {})
    // A job that claimed nothing is not waited for (it may still sit in the pool's queue): it is ended.
    for (const e of there) {
      const its = ws.map((_, j) => j).filter((j) => Atomics.load(claims, j) === e.claimant)
      if (!its.length) {
        e.signal.aborted = true
        continue
      }
      await e.done
      if (e.failed !== undefined) throw e.failed
      for (const j of its) prices[j] = e.answer?.[j] ?? null
    }
    const out: CornerPoint[] = []
    for (let j = 0; j < ws.length; j++) {
      const p = prices[j]
      if (!p) throw new Error(`the corner curve's width ${ws[j]} came back without prices`)
      out.push({ width: ws[j], change_pct: (value(p, await demand(all, p)) / v0 - 1) * 100 })
    }
    return out
  }
  return { finish }
}

/** The corner curve in one call (startCornerCurve, then its finish). */
export function cornerCurve(
  corner: Corner,
  items: CatalogItem[],
  demand: DemandFn,
  o: Parameters<typeof startCornerCurve>[3],
  widths?: number[]
): Promise<CornerPoint[] | null> {
  return startCornerCurve(corner, items, demand, o, widths).then((run) => run.finish())
}
