import { PanelError } from '../elasticity/panel'
import type { PricingDigest } from './digest'

/**
 * The controls a digest's latest rows depend on: the period's (`week (trend)` for a date period, the
 * column itself for another). Without them the digest's period is the row order, other rows are the
 * latest, and a digest made with every control cannot answer (`forControls` returns null).
 */
function periodControls(base: PricingDigest, periodRole: string | null): string[] {
  if (!periodRole) return []
  const names = new Set([`${periodRole} (trend)`, periodRole])
  return base.panel.controls.filter((c) => names.has(c.name)).map((c) => c.name)
}

/**
 * Whether a run with these controls can be priced from the digest made with every control (the
 * dataset's base digest): always, unless it leaves out the period. Decidable before that digest exists
 * for most runs (`likelyDerivable`), certainly once it does.
 */
export function likelyDerivable(controls: string[] | undefined, periodRole: string | null): boolean {
  if (!controls || !periodRole) return true
  return controls.includes(`${periodRole} (trend)`) || controls.includes(periodRole)
}

/**
 * The digest a run with `controls` reads, from the digest made with every control (`base`): the same
 * latest rows, ranges, recent levels, observed prices and reference prices (none depends on the controls
 * while the period is kept), its panel's controls narrowed to the run's in the panel's order, and the
 * season index only where the run keeps the week of year, as `selectControls` then `digestFor` (or the
 * streamed digest with `controls`) would make it, bit for bit (test/core/pricing/digest-derive.test.ts).
 * An unknown control is refused with selectControls' words; null where the run leaves out the period.
 */
export function forControls(
  base: PricingDigest,
  controls: string[] | undefined,
  periodRole: string | null
): PricingDigest | null {
  if (!controls) return base
  const known = base.panel.controls.map((c) => c.name)
  const unknown = controls.filter((x) => !known.includes(x))
  if (unknown.length)
    throw new PanelError(
      `unknown feature ${unknown.map((u) => `"${u}"`).join(', ')} (available: ${known.join(', ')})`
    )
  if (!periodControls(base, periodRole).every((c) => controls.includes(c))) return null
  const kept = base.panel.controls.filter((c) => controls.includes(c.name))
  const cyclic = kept.some((c) => c.kind === 'cyclic' && c.period === 52)
  return {
    ...base,
    panel: { ...base.panel, controls: kept },
    ...(cyclic ? {} : { season: null, nextWeek: null })
  }
}
