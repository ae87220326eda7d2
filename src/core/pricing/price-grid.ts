import type { PriceGrid, PriceUnit } from '../../shared/pricing'
import { lattice, resolveRule, type Rounding } from './rounding'
import { unitStep } from './units'
import { countWhere, medianPrice, observedCount, type ObservedPrices } from './observed-prices'
import { fixed, pct } from '../../shared/format/numbers'

/**
 * The data's own price grid beyond the unit's step: a common step (0.05, 0.25, 5) that
 * nearly every observed price sits on, or a charm ending (.99, .95, .49/.99) that most
 * observed prices have. Read from every observed price (panel rows), so a shelf price
 * that runs for many weeks counts for each of them.
 */
export interface InferredGrid {
  step: number
  offset: number
  ending: PriceGrid['ending']
  /** Share of the observed prices on the grid. */
  share: number
  /** A grid the data has but that is too coarse for its prices (the sentence says why it is not used). */
  tooCoarse: { label: string; share: number; stepShare: number } | null
}

/** A step is the data's grid when this share of the observed prices sits on it (a few promotions aside). */
export const ON_GRID = 0.95
/** A charm ending is the data's when most observed prices (this share) have it. */
export const CHARM = 0.6
/**
 * The largest grid step, as a share of the median price, that 'auto' follows: rounding then moves a
 * price by at most half of it. Coarser grids (a .99 ending on 1.50 prices) would hold most moves.
 */
export const MAX_GRID_SHARE = 0.1

/** Multiples of the unit's step tried as the common step, coarsest last (0.05 … 1 for a cent currency). */
const MULTIPLES = [5, 10, 25, 50, 100]

const ENDINGS: { ending: NonNullable<PriceGrid['ending']>; step: number; offset: number; cents: number[] }[] =
  [
    { ending: '99', step: 1, offset: 0.99, cents: [99] },
    { ending: '95', step: 1, offset: 0.95, cents: [95] },
    { ending: '49', step: 0.5, offset: 0.49, cents: [49, 99] }
  ]

function shareOn(prices: ObservedPrices, step: number, offset: number): number {
  const n = observedCount(prices)
  if (!n) return 0
  const on = countWhere(prices, (p) => {
    const k = (p - offset) / step
    return Math.abs(k - Math.round(k)) < 1e-6
  })
  return on / n
}

/** The data's grid in a unit (null: the unit's own step is the grid). */
export function inferGrid(prices: ObservedPrices, unit: PriceUnit): InferredGrid | null {
  if (unit.kind !== 'currency' || !observedCount(prices)) return null
  const m = medianPrice(prices)
  const fits = (step: number) => step <= MAX_GRID_SHARE * m
  let tooCoarse: InferredGrid['tooCoarse'] = null
  if (unit.decimals === 2)
    for (const e of ENDINGS) {
      const share = shareOn(prices, e.step, e.offset)
      if (share < CHARM) continue
      if (fits(e.step)) return { step: e.step, offset: e.offset, ending: e.ending, share, tooCoarse: null }
      tooCoarse ??= { label: `end in .${e.ending}`, share, stepShare: e.step / m }
    }
  const base = unitStep(unit)
  let best: InferredGrid | null = null
  for (const k of MULTIPLES) {
    const step = base * k
    const share = shareOn(prices, step, 0)
    if (share < ON_GRID) continue
    if (fits(step)) best = { step, offset: 0, ending: null, share, tooCoarse: null }
    else tooCoarse ??= { label: `sit on ${step} steps`, share, stepShare: step / m }
  }
  return best ?? (tooCoarse ? { step: base, offset: 0, ending: null, share: 1, tooCoarse } : null)
}

/** The unit with the inferred grid 'auto' follows (the unit itself where the data's grid is its step). */
export function withGrid(unit: PriceUnit, grid: InferredGrid | null): PriceUnit {
  return grid && !grid.tooCoarse ? { ...unit, grid: { step: grid.step, offset: grid.offset } } : unit
}

function stepWords(step: number, unit: PriceUnit): string {
  if (Math.abs(step - 0.01) < 1e-12 && unit.decimals === 2) return 'cents'
  if (Math.abs(step - 1) < 1e-12) return `whole ${unit.label} units`
  return `steps of ${fixed(step, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)))}`
}

/** The grid the sheet's prices land on, in words, for the JSON, the page and the report. */
export function describeGrid(
  unit: PriceUnit,
  rounding: Rounding,
  inferred: InferredGrid | null,
  observed: ObservedPrices
): PriceGrid {
  const { step, offset } = lattice(rounding.rule, unit, rounding.step)
  const ending = offset > 0 ? (ENDINGS.find((e) => Math.abs(e.offset - offset) < 1e-9)?.ending ?? null) : null
  const share = shareOn(observed, step, offset)
  const where = ending
    ? `end in .${ending}${ending === '49' ? ' or .99' : ''}`
    : `sit on ${stepWords(step, unit)}`
  if (rounding.rule !== 'auto') {
    const r = resolveRule(rounding.rule, unit)
    return {
      step,
      offset,
      ending,
      share_on_grid: share,
      source: 'rule',
      sentence: `New prices ${where}, as the rounding rule "${r === 'step' ? rounding.step : r}" asks (${pct(share)} of the observed prices do).`
    }
  }
  const coarse = inferred?.tooCoarse
  const sentence = coarse
    ? `${pct(coarse.share)} of the observed prices ${coarse.label}, but that step is ${pct(coarse.stepShare)} of the median price and would hold most moves: new prices ${where} instead (choose a rounding rule to use it anyway).`
    : ending
      ? `New prices ${where}, as ${pct(share)} of the observed prices do (the data's own endings; choose a rounding rule to change it).`
      : `New prices ${where}, the data's own price grid (${pct(share)} of the observed prices are on it; choose a rounding rule to change it).`
  return { step, offset, ending, share_on_grid: share, source: 'inferred', sentence }
}
