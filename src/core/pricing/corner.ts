import type { CatalogItem } from './catalog'
import type { Guardrails, Binding, Corner, CornerPoint, Objective, PriceUnit } from '../../shared/pricing'
import { optimizePrices, type CandidateTables, type DemandFn } from './optimize'
import { count, pct } from '../../shared/format/numbers'
import { causalCurve } from './causal-demand'
import { field, indices } from '../util/typed'

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
 * The corner curve's re-optimizations of some widths, on another thread (the training worker pool): the
 * items, the causal curve's numbers (`DemandFn.causal`) and the options; back, each width's prices.
 */
export interface CornerJob {
  items: CatalogItem[]
  q0: Float64Array
  eps: Float64Array
  options: CornerOptions
  key: 'max_decrease' | 'max_increase'
  widths: number[]
}
/** Runs a job elsewhere; `signal.aborted` turns true when its answer is no longer needed (end it). */
export type CornerElsewhere = (job: CornerJob, signal: { aborted: boolean }) => Promise<Float64Array[]>

/** Each width's optimized prices: the same optimizer with the deciding guardrail set to that width. */
async function widthPrices(
  items: CatalogItem[],
  demand: DemandFn,
  o: CornerOptions,
  key: CornerJob['key'],
  widths: number[],
  scratch: CandidateTables
): Promise<Float64Array[]> {
  const out: Float64Array[] = []
  for (const w of widths) {
    const r = await optimizePrices(items, demand, {
      ...o,
      guardrails: { ...o.guardrails, [key]: w },
      scratch
    })
    out.push(field(r.items, (x) => x.price))
  }
  return out
}

/** A corner job where it runs (a worker): the causal curve rebuilt from its numbers, the same bits. */
export function cornerJobPrices(job: CornerJob): Promise<Float64Array[]> {
  const p0 = field(job.items, (it) => it.current_price)
  const q0 = Promise.resolve(job.q0)
  const demand = causalCurve(() => q0, p0, job.eps)
  return widthPrices(job.items, demand, job.options, job.key, job.widths, {})
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

interface Elsewhere {
  widths: number[]
  /** The other thread's prices once it has answered (undefined until then). */
  answer?: Float64Array[]
  failed?: unknown
  done: Promise<void>
  signal: { aborted: boolean }
}

function startElsewhere(
  items: CatalogItem[],
  demand: DemandFn,
  options: CornerOptions,
  key: CornerJob['key'],
  widths: number[],
  elsewhere: CornerElsewhere | undefined
): Elsewhere {
  const e: Elsewhere = { widths, done: Promise.resolve(), signal: { aborted: false } }
  const causal = demand.causal
  if (!elsewhere || !causal) throw new Error('the corner curve has nowhere else to run')
  e.done = causal()
    .then(({ q0, eps }) => elsewhere({ items, q0, eps, options, key, widths }, e.signal))
    .then(
      (p) => void (e.answer = p),
      (err: unknown) => void (e.failed = err)
    )
  return e
}

/**
 * The widths sent elsewhere: its answer where it has come, else this thread takes them one by one from the
 * widest (the other thread works from the narrowest) until it does. On a loaded machine the other thread (a
 * background-priority worker) may wait for a core: this thread then never waits longer than doing them itself.
 * A failure elsewhere is reported as it is.
 */
async function finishElsewhere(
  e: Elsewhere,
  items: CatalogItem[],
  demand: DemandFn,
  options: CornerOptions,
  key: CornerJob['key'],
  scratch: CandidateTables
): Promise<Float64Array[]> {
  const mine = new Map<number, Float64Array>()
  for (let j = e.widths.length - 1; j >= 0; j--) {
    // A turn of the event loop first: the other thread's answer arrives as a message.
    await turn()
    if (e.answer || e.failed !== undefined) break
    mine.set(j, (await widthPrices(items, demand, options, key, [e.widths[j]], scratch))[0])
  }
  if (mine.size === e.widths.length) {
    // All done here: the other thread's work is no longer needed.
    e.signal.aborted = true
    return e.widths.map((_, j) => mine.get(j) as Float64Array)
  }
  await e.done
  if (e.failed !== undefined) throw e.failed
  const answer = e.answer as Float64Array[]
  return e.widths.map((_, j) => mine.get(j) ?? answer[j])
}

/** Widths sent to the other thread: the widest (the others run here meanwhile). */
const ELSEWHERE = 2

/**
 * The objective's change against the deciding guardrail's width: the same
 * optimizer with the max change (both ways, or the deciding one) set to each width.
 * Null where the deciding guardrail has no width to vary (the observed range, a price).
 * With `elsewhere` and the causal curve alone, the widest widths re-optimize on another thread while the
 * others run here: the same prices (the same code on the same numbers), on two cores.
 */
export async function cornerCurve(
  corner: Corner,
  items: CatalogItem[],
  demand: DemandFn,
  o: CornerOptions & {
    /** Candidate tables to write over, one optimization after another (optimize.ts). */
    scratch?: CandidateTables
    elsewhere?: CornerElsewhere
  },
  widths: number[] = [0.05, 0.1, 0.2, 0.3, 0.4]
): Promise<CornerPoint[] | null> {
  const key =
    corner.guardrail === 'max_decrease' || corner.guardrail === 'max_increase' ? corner.guardrail : null
  if (!key) return null
  const all = indices(items.length)
  const today = field(items, (it) => it.current_price)
  const value = (p: Float64Array, q: Float64Array) =>
    items.reduce((s, it, i) => s + (o.objective === 'margin' ? p[i] - (it.cost ?? 0) : p[i]) * q[i], 0)
  const v0 = value(today, await demand(all, today))
  if (!(v0 > 0)) return null
  const ws = widths.filter((w) => !(key === 'max_decrease' && w > 0.99))
  const opts: CornerOptions = {
    objective: o.objective,
    min_volume_share: o.min_volume_share,
    guardrails: o.guardrails,
    unit: o.unit
  }
  const split = o.elsewhere && demand.causal && ws.length > ELSEWHERE ? ws.length - ELSEWHERE : ws.length
  const there =
    split < ws.length ? startElsewhere(items, demand, opts, key, ws.slice(split), o.elsewhere) : null
  const prices = await widthPrices(items, demand, opts, key, ws.slice(0, split), o.scratch ?? {})
  if (there) prices.push(...(await finishElsewhere(there, items, demand, opts, key, o.scratch ?? {})))
  const out: CornerPoint[] = []
  for (let j = 0; j < ws.length; j++)
    out.push({ width: ws[j], change_pct: (value(prices[j], await demand(all, prices[j])) / v0 - 1) * 100 })
  return out
}
