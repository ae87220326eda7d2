import { clusterRobustCovariance, fitOls } from '../ml/linear'
import { logScaleSlope, meanCount } from './count-scale'
import type { Panel } from './panel'
import { demeanTwoWay } from './two-way'
import {
  CROSS_TOP_K_DEFAULT,
  crossReading,
  NO_CROSS,
  type CrossCell,
  type CrossOwn,
  type CrossResult
} from '../../shared/elasticity/cross'

export const Z90 = 1.6448536269514722

export interface CrossOptions {
  /** The column inside which items compete (e.g. `store`): its value per panel item (-1: none). */
  group: { name: string; ofItem: Int32Array }
  /** Only the k segments that sell most enter the matrix (`--cross-top-k`, default 10): k² cells stay readable and identified. */
  top?: number
  /**
   * Prior standard deviation of a cross elasticity (normal, centred on 0): a cell's estimate is
   * shrunk by τ²/(τ² + se²). Cross elasticities of grocery panels rarely exceed ±1; at 0.5 a
   * well-measured cell (se 0.03) keeps 99.6% of its value, a thin one (se 0.5) half.
   */
  priorSd?: number
}

/** Fewest rows of `on` with `of`'s price observed in the same group and period, and fewest groups, for a cell. */
const MIN_CELL_ROWS = 30
const MIN_CELL_GROUPS = 3
/** Categorical controls with more levels are left out of the linear design (item effects absorb most of them). */
const MAX_LEVELS = 20
const DEFAULT_PRIOR_SD = 0.5

/**
 * Cross-price elasticities between segments competing inside a group (brands within a
 * store), debiased like the own effects: for each segment b, one regression over its
 * items' rows of log(q + 1) on its own log price and the log prices of the other
 * segments' items in the same group and period, with the panel's controls, all as
 * deviations from item and period means (item and period fixed effects), slopes put on
 * the count scale (count-scale.ts). So each cell rests on price changes within items
 * that week effects do not explain, pooled across every group (one matrix for all
 * stores). Standard errors are clustered by item; each cell is shrunk toward zero
 * (normal prior, `priorSd`) so a thin cell says little. The segment's own elasticity
 * comes out of the same regression (`cross_own`): estimated jointly with its cross terms.
 */
export function crossElasticities(panel: Panel, opts: CrossOptions): CrossResult & { warnings: string[] } {
  const warnings: string[] = []
  const period = panel.period
  if (!period) {
    warnings.push('cross-price effects need a period column (prices at the same time): not estimated')
    return { ...NO_CROSS, warnings }
  }
  const top = chooseSegments(panel, opts.group.ofItem, opts.top ?? CROSS_TOP_K_DEFAULT)
  if (top.length < 2) {
    warnings.push(
      `fewer than two ${panel.segmentName} values compete inside ${opts.group.name}: no cross effects`
    )
    return { ...NO_CROSS, cross_group: opts.group.name, warnings }
  }
  const prices = groupPrices(panel, opts.group.ofItem)
  const cells: CrossCell[] = []
  const own: CrossOwn[] = []
  for (const b of top) {
    const fit = segmentRegression(panel, opts.group.ofItem, prices, b, top)
    if (!fit) continue
    own.push({
      segment: panel.segments[b],
      elasticity: fit.beta[0],
      ci_low: fit.beta[0] - Z90 * fit.se[0],
      ci_high: fit.beta[0] + Z90 * fit.se[0],
      n: fit.rows
    })
    top.forEach((k, j) => {
      if (k === b) return
      const col = fit.columnOf.get(k)
      if (col === undefined || fit.cellRows[j] < MIN_CELL_ROWS || fit.cellGroups[j] < MIN_CELL_GROUPS) return
      cells.push(
        shrunkCell(panel.segments[b], panel.segments[k], fit.beta[col], fit.se[col], fit.cellRows[j], opts)
      )
    })
  }
  return { cross_group: opts.group.name, cross_level: 'segment', cross: cells, cross_own: own, warnings }
}

export function shrunkCell(
  on: string,
  of: string,
  raw: number,
  se: number,
  n: number,
  opts: Pick<CrossOptions, 'priorSd'>
): CrossCell {
  const tau2 = (opts.priorSd ?? DEFAULT_PRIOR_SD) ** 2
  const w = tau2 / (tau2 + se * se)
  const elasticity = raw * w
  const s = se * Math.sqrt(w)
  const ci_low = elasticity - Z90 * s
  const ci_high = elasticity + Z90 * s
  return { on, of, elasticity, ci_low, ci_high, n, se: s, raw, reading: crossReading(ci_low, ci_high) }
}

/** The k segments with the most quantity among items that belong to a group. */
function chooseSegments(panel: Panel, ofItem: Int32Array, k: number): number[] {
  const volume = new Float64Array(panel.segments.length)
  for (let i = 0; i < panel.n; i++)
    if (ofItem[panel.item[i]] >= 0) volume[panel.segment[i]] += panel.quantity[i]
  return [...volume.keys()]
    .filter((s) => volume[s] > 0)
    .sort((a, b) => volume[b] - volume[a])
    .slice(0, k)
    .sort((a, b) => a - b)
}

interface GroupPrices {
  /** Mean log price of (group, segment, period). */
  at: Map<number, number>
  /** Mean log price of (group, segment) over its periods: stands in where a period is missing. */
  mean: Map<number, number>
  key: (g: number, s: number, t: number) => number
  pairKey: (g: number, s: number) => number
}

function groupPrices(panel: Panel, ofItem: Int32Array): GroupPrices {
  const S = panel.segments.length
  const period = panel.period as Int32Array
  let T = 0
  for (let i = 0; i < panel.n; i++) if (period[i] >= T) T = period[i] + 1
  const key = (g: number, s: number, t: number) => (g * S + s) * T + t
  const pairKey = (g: number, s: number) => g * S + s
  const sum = new Map<number, [number, number]>()
  const pair = new Map<number, [number, number]>()
  const add = (m: Map<number, [number, number]>, k: number, v: number) => {
    const e = m.get(k) ?? [0, 0]
    e[0] += v
    e[1]++
    m.set(k, e)
  }
  for (let i = 0; i < panel.n; i++) {
    const g = ofItem[panel.item[i]]
    if (g < 0) continue
    const lp = Math.log(panel.price[i])
    add(sum, key(g, panel.segment[i], period[i]), lp)
    add(pair, pairKey(g, panel.segment[i]), lp)
  }
  const means = (m: Map<number, [number, number]>) => new Map([...m].map(([k, [s, n]]) => [k, s / n]))
  return { at: means(sum), mean: means(pair), key, pairKey }
}

interface SegmentFit {
  beta: Float64Array
  se: Float64Array
  rows: number
  /** Design column of each competing segment's price. */
  columnOf: Map<number, number>
  /** Per entry of `top`: rows where that segment's price was observed, and the groups they came from. */
  cellRows: number[]
  cellGroups: number[]
}

/** One segment's joint regression: own price first, then each competitor's, then the controls. */
function segmentRegression(
  panel: Panel,
  ofItem: Int32Array,
  prices: GroupPrices,
  b: number,
  top: number[]
): SegmentFit | null {
  const period = panel.period as Int32Array
  const rows: number[] = []
  for (let i = 0; i < panel.n; i++) if (panel.segment[i] === b && ofItem[panel.item[i]] >= 0) rows.push(i)
  const m = rows.length
  if (m < MIN_CELL_ROWS) return null
  const others = top.filter((k) => k !== b)
  const cellRows = top.map(() => 0)
  const cellGroups = top.map(() => new Set<number>())
  const priceCols = [Float64Array.from(rows, (i) => Math.log(panel.price[i]))]
  for (const k of others) {
    const j = top.indexOf(k)
    priceCols.push(
      Float64Array.from(rows, (i) => {
        const g = ofItem[panel.item[i]]
        const v = prices.at.get(prices.key(g, k, period[i]))
        if (v !== undefined) {
          cellRows[j]++
          cellGroups[j].add(g)
          return v
        }
        return prices.mean.get(prices.pairKey(g, k)) ?? 0
      })
    )
  }
  const controlCols = controlColumns(panel, rows)
  const item = Int32Array.from(rows, (i) => panel.item[i])
  const per = Int32Array.from(rows, (i) => period[i])
  const y = Float64Array.from(rows, (i) => Math.log1p(panel.quantity[i]))
  const [yd, ...xd] = demeanTwoWay(item, per, [y, ...priceCols, ...controlCols])
  // Slopes on log(q + 1) → elasticities of q: scale each price column by d log(1+q)/d log λ at the row's level.
  for (let r = 0; r < m; r++) {
    const s = logScaleSlope(meanCount(y[r] - yd[r]))
    for (let c = 0; c < priceCols.length; c++) xd[c][r] *= s
  }
  // Keep columns with variation left after the fixed effects; price columns must keep theirs.
  const keep = xd.map((c, idx) => ({ c, idx })).filter(({ c }) => sumSq(c) > 1e-9 * m)
  if (!keep.length || keep[0].idx !== 0) return null
  const p = keep.length
  const X = new Float64Array(m * p)
  for (let r = 0; r < m; r++) for (let c = 0; c < p; c++) X[r * p + c] = keep[c].c[r]
  let fit
  try {
    fit = fitOls(X, yd, m, p)
  } catch {
    // Expected: a singular design (collinear competitor prices in a thin segment): no estimate, never a guess.
    return null
  }
  const resid = Float64Array.from(yd, (v, r) => {
    let s = v
    for (let c = 0; c < p; c++) s -= X[r * p + c] * fit.beta[c]
    return s
  })
  const cov = clusterRobustCovariance(fit, X, resid, m, item)
  const columnOf = new Map<number, number>()
  keep.forEach(({ idx }, c) => {
    if (idx >= 1 && idx <= others.length) columnOf.set(others[idx - 1], c)
  })
  return {
    beta: fit.beta,
    se: Float64Array.from({ length: p }, (_, c) => Math.sqrt(Math.max(0, cov.get(c, c)))),
    rows: m,
    columnOf,
    cellRows,
    cellGroups: cellGroups.map((s) => s.size)
  }
}

/** The panel's controls as linear columns: numeric ones as they are, categorical ones one-hot (first level left out). */
export function controlColumns(panel: Panel, rows: number[]): Float64Array[] {
  const out: Float64Array[] = []
  for (const c of panel.controls) {
    if (c.kind === 'numeric') out.push(Float64Array.from(rows, (i) => c.values[i]))
    else if (c.kind === 'categorical' && (c.levels?.length ?? 0) <= MAX_LEVELS)
      for (let l = 1; l < (c.levels?.length ?? 0); l++)
        out.push(Float64Array.from(rows, (i) => (c.values[i] === l ? 1 : 0)))
    // Cyclic controls (week of year) are functions of the period: the period effects hold them.
  }
  return out
}

export function sumSq(v: Float64Array): number {
  let s = 0
  for (const x of v) s += x * x
  return s
}
