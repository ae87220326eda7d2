import { Rng } from '../../util/rng'
import type { Cell, CustomerTable } from './generate'
import type { FeatureEncoding } from '../../../shared/propensity'
import { findLeaks, leakReason, type Leak } from './leakage'
import { count } from '../../../shared/format/numbers'

/** At most this many levels (blank counted as one) are one-hot encoded; more are target-encoded. */
export const ONE_HOT_MAX_LEVELS = 10
/** Folds of the cross-fitted target encoding, and its smoothing (pseudo-rows at the overall rate). */
const TE_FOLDS = 5
const TE_SMOOTHING = 10
const BLANK = '(blank)'
const YES = new Set(['yes', 'y', 'true', 't', '1'])
const NO = new Set(['no', 'n', 'false', 'f', '0'])
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

type Plan =
  | { kind: 'numeric'; column: string; median: number; indicator: boolean }
  | { kind: 'boolean'; column: string; mean: number; indicator: boolean }
  | { kind: 'onehot'; column: string; levels: string[] }
  | { kind: 'target'; column: string; logit: Map<string, number>; prior: number }

export interface FeatureGroup {
  /** The analyst's column. */
  column: string
  how: FeatureEncoding
  /** Indices of its encoded features. */
  features: number[]
  /** The encoded values of a typical customer (median or most common level): the contributions' reference. */
  typical: number[]
}

export interface Encoder {
  plans: Plan[]
  /** Encoded feature names: `tenure`, `total_charges (blank)`, `contract=Two year`, `region (target-encoded)`. */
  names: string[]
  groups: FeatureGroup[]
  /** Columns left out, each with why (constant, blank, id-like). */
  dropped: { column: string; reason: string }[]
}

const keyOf = (v: Cell): string | null => {
  if (v === null) return null
  const s = String(v).trim()
  return s === '' ? null : s
}

const isYes = (k: string) => (YES.has(k.toLowerCase()) ? 1 : 0)
const yesNo = (v: Cell): number | null => {
  const k = keyOf(v)
  return k === null ? null : isYes(k)
}

function asNumber(v: Cell): number | null {
  if (typeof v === 'number') return v
  const s = keyOf(v)
  return s !== null && NUMBER.test(s) ? Number(s) : null
}

function median(xs: number[]): number {
  if (!xs.length) return 0
  const s = Float64Array.from(xs).sort()
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const logit = (p: number) => Math.log(p / (1 - p))

/** What kind of feature a column makes, decided from its values alone (the label is not read here). */
function classify(
  values: Cell[]
): { kind: 'drop'; reason: string } | { kind: 'numeric' | 'boolean' | 'categorical'; blanks: number } {
  const counts = new Map<string, number>()
  let blanks = 0
  let numeric = true
  let integers = true
  for (const v of values) {
    const k = keyOf(v)
    if (k === null) {
      blanks++
      continue
    }
    counts.set(k, (counts.get(k) ?? 0) + 1)
    const x = asNumber(v)
    if (x === null) numeric = false
    else if (!Number.isInteger(x)) integers = false
  }
  const filled = values.length - blanks
  if (counts.size === 0) return { kind: 'drop', reason: 'blank in every row' }
  if (counts.size === 1 && blanks === 0)
    return { kind: 'drop', reason: `constant ("${[...counts.keys()][0]}" in every row)` }
  const keys = [...counts.keys()].map((k) => k.toLowerCase())
  if (keys.every((k) => YES.has(k) || NO.has(k)) && keys.length <= 2) return { kind: 'boolean', blanks }
  // An identifier: every value different (text, or whole numbers), so it cannot generalize to new customers.
  if (counts.size === filled && filled >= 20 && (!numeric || integers))
    return {
      kind: 'drop',
      reason: `id-like (${count(filled)} distinct values in ${count(filled)} rows)`
    }
  if (!numeric && counts.size > 0.9 * filled && counts.size > 50)
    return {
      kind: 'drop',
      reason: `id-like (${count(counts.size)} distinct values in ${count(filled)} rows)`
    }
  return { kind: numeric ? 'numeric' : 'categorical', blanks }
}

/**
 * Fits the encoding on the training rows and returns the training rows' design,
 * in which target encodings are cross-fitted (each row encoded from the other
 * folds' labels, so its own label never leaks into its feature). Types, levels,
 * medians and which columns to drop are decided from the values alone.
 */
export function fitEncoder(
  table: CustomerTable,
  features: string[],
  y: Int8Array,
  train: Int32Array,
  seed: number
): { encoder: Encoder; X: Float64Array; leaks: Leak[] } {
  const first = fitEncoderOnce(table, features, y, train, seed)
  const leaks = findLeaks(
    first.encoder,
    first.X,
    Uint8Array.from(train, (i) => y[i])
  )
  if (!leaks.length) return { ...first, leaks }
  // Refitted without them: the other columns' encodings (and the models) never see the leak.
  const leaking = new Set(leaks.map((l) => l.column))
  const again = fitEncoderOnce(
    table,
    features.filter((f) => !leaking.has(f)),
    y,
    train,
    seed
  )
  again.encoder.dropped.push(...leaks.map((l) => ({ column: l.column, reason: leakReason(l) })))
  return { ...again, leaks }
}

function fitEncoderOnce(
  table: CustomerTable,
  features: string[],
  y: Int8Array,
  train: Int32Array,
  seed: number
): { encoder: Encoder; X: Float64Array } {
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  const plans: Plan[] = []
  const dropped: Encoder['dropped'] = []
  let prior = 0
  for (const i of train) prior += y[i]
  prior /= train.length
  for (const name of features) {
    const col = byName.get(name)
    if (!col) throw new Error(`no column "${name}"`)
    const c = classify(col.values)
    if (c.kind === 'drop') {
      dropped.push({ column: name, reason: c.reason })
      continue
    }
    if (c.kind === 'numeric') {
      const xs: number[] = []
      for (const i of train) {
        const x = asNumber(col.values[i])
        if (x !== null) xs.push(x)
      }
      plans.push({ kind: 'numeric', column: name, median: median(xs), indicator: c.blanks > 0 })
    } else if (c.kind === 'boolean') {
      let s = 0
      let m = 0
      for (const i of train) {
        const k = keyOf(col.values[i])
        if (k !== null) {
          s += isYes(k)
          m++
        }
      }
      plans.push({ kind: 'boolean', column: name, mean: m ? s / m : 0, indicator: c.blanks > 0 })
    } else {
      const counts = new Map<string, number>()
      for (const v of col.values) {
        const k = keyOf(v) ?? BLANK
        counts.set(k, (counts.get(k) ?? 0) + 1)
      }
      if (counts.size <= ONE_HOT_MAX_LEVELS)
        plans.push({
          kind: 'onehot',
          column: name,
          levels: [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0])
        })
      else
        plans.push({ kind: 'target', column: name, logit: levelLogits(col.values, y, train, prior), prior })
    }
  }
  const names: string[] = []
  const groups: FeatureGroup[] = []
  for (const p of plans) {
    const start = names.length
    if (p.kind === 'numeric' || p.kind === 'boolean') {
      names.push(p.column)
      if (p.indicator) names.push(`${p.column} (blank)`)
    } else if (p.kind === 'onehot') names.push(...p.levels.map((l) => `${p.column}=${l}`))
    else names.push(`${p.column} (target-encoded)`)
    const features = Array.from({ length: names.length - start }, (_, k) => start + k)
    groups.push({
      column: p.column,
      how:
        p.kind === 'numeric'
          ? 'number'
          : p.kind === 'boolean'
            ? 'yes/no'
            : p.kind === 'onehot'
              ? 'one-hot'
              : 'target-encoded',
      features,
      typical: []
    })
  }
  const encoder: Encoder = { plans, names, groups, dropped }
  const X = encodeRows(encoder, table, train)
  crossFitTargets(encoder, table, y, train, X, seed)
  typicalValues(encoder, X, train.length)
  return { encoder, X }
}

/** Smoothed log-odds of the label per level, from the given rows. */
function levelLogits(
  values: Cell[],
  y: Int8Array,
  rows: ArrayLike<number>,
  prior: number
): Map<string, number> {
  const sum = new Map<string, number>()
  const cnt = new Map<string, number>()
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]
    const k = keyOf(values[i]) ?? BLANK
    sum.set(k, (sum.get(k) ?? 0) + y[i])
    cnt.set(k, (cnt.get(k) ?? 0) + 1)
  }
  const out = new Map<string, number>()
  for (const [k, c] of cnt) out.set(k, logit(((sum.get(k) ?? 0) + TE_SMOOTHING * prior) / (c + TE_SMOOTHING)))
  return out
}

/** Overwrites the training rows' target encodings with out-of-fold ones. */
function crossFitTargets(
  enc: Encoder,
  table: CustomerTable,
  y: Int8Array,
  train: Int32Array,
  X: Float64Array,
  seed: number
): void {
  const F = enc.names.length
  const rng = new Rng(seed ^ 0x5eed)
  const fold = Int32Array.from(train, () => rng.int(TE_FOLDS))
  enc.plans.forEach((p, g) => {
    if (p.kind !== 'target') return
    const values = (table.columns.find((c) => c.name === p.column) as { values: Cell[] }).values
    const j = enc.groups[g].features[0]
    for (let f = 0; f < TE_FOLDS; f++) {
      const rest = train.filter((_, r) => fold[r] !== f)
      let pr = 0
      for (const i of rest) pr += y[i]
      pr /= rest.length
      const m = levelLogits(values, y, rest, pr)
      train.forEach((i, r) => {
        if (fold[r] === f) X[r * F + j] = m.get(keyOf(values[i]) ?? BLANK) ?? logit(pr)
      })
    }
  })
}

/** A typical customer's encoded values per group: the median number, the most common level. */
function typicalValues(enc: Encoder, X: Float64Array, n: number): void {
  const F = enc.names.length
  for (const g of enc.groups) {
    if (g.how === 'one-hot') {
      const counts = g.features.map((j) => {
        let s = 0
        for (let i = 0; i < n; i++) s += X[i * F + j]
        return s
      })
      const top = counts.indexOf(Math.max(...counts))
      g.typical = g.features.map((_, k) => (k === top ? 1 : 0))
    } else {
      const col: number[] = []
      for (let i = 0; i < n; i++) col.push(X[i * F + g.features[0]])
      g.typical = g.features.map((_, k) => (k === 0 ? median(col) : 0))
    }
  }
}

/**
 * Encodes the given rows (any rows: training, test, or customers to score) with a fitted encoder, into `out`
 * (rows × features, overwritten) when given.
 */
export function encodeRows(
  enc: Encoder,
  table: CustomerTable,
  rows: ArrayLike<number>,
  out?: Float64Array
): Float64Array {
  const F = enc.names.length
  const n = rows.length
  const X = out ? out.fill(0) : new Float64Array(n * F)
  const byName = new Map(table.columns.map((c) => [c.name, c.values]))
  let j = 0
  for (const p of enc.plans) {
    const values = byName.get(p.column) as Cell[]
    if (p.kind === 'numeric') {
      for (let r = 0; r < n; r++) {
        const v = values[rows[r]]
        const x = typeof v === 'number' ? v : asNumber(v)
        X[r * F + j] = x === null ? p.median : x
        if (p.indicator) X[r * F + j + 1] = x === null ? 1 : 0
      }
    } else if (p.kind === 'boolean') {
      // −1 for a blank: the cell's text is trimmed and looked up once per distinct cell, not once per row.
      const code = memo((v) => yesNo(v) ?? -1)
      for (let r = 0; r < n; r++) {
        const x = code(values[rows[r]])
        X[r * F + j] = x < 0 ? p.mean : x
        if (p.indicator) X[r * F + j + 1] = x < 0 ? 1 : 0
      }
    } else if (p.kind === 'onehot') {
      const at = new Map(p.levels.map((l, k) => [l, k]))
      const level = memo((v) => at.get(keyOf(v) ?? BLANK) ?? -1)
      for (let r = 0; r < n; r++) {
        const k = level(values[rows[r]])
        if (k >= 0) X[r * F + j + k] = 1
      }
    } else {
      const fallback = logit(p.prior)
      const x = memo((v) => p.logit.get(keyOf(v) ?? BLANK) ?? fallback)
      for (let r = 0; r < n; r++) X[r * F + j] = x(values[rows[r]])
    }
    j += p.kind === 'onehot' ? p.levels.length : p.kind === 'target' ? 1 : p.indicator ? 2 : 1
  }
  return X
}

/** f of each distinct cell, computed once: a column's cells repeat a few texts, whose trimming and lookups cost. */
function memo(f: (v: Cell) => number): (v: Cell) => number {
  const seen = new Map<Cell, number>()
  return (v) => {
    let x = seen.get(v)
    if (x === undefined) {
      x = f(v)
      seen.set(v, x)
    }
    return x
  }
}
