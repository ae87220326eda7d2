import { grouped, pct } from '../../format'
/**
 * The optimizer against simple rules, on the sample's true demand: the shares come from the run
 * (`true_revenue_share_of_optimum`, `rules`); this file only orders and words them.
 */

export interface RuleShare {
  rule: string
  true_revenue_share_of_optimum: number | null
}

export interface RuleRow {
  key: string
  label: string
  /** Share of the true joint optimum, 0–1. */
  share: number
  /** Percentage points below the optimizer (positive: the optimizer leads). */
  behind_points: number
  optimizer: boolean
}

const LABELS: Record<string, string> = {
  today: "Today's prices",
  floor: 'Every price at its floor',
  ceiling: 'Every price at its ceiling',
  elasticity: 'Strategy: elasticity',
  competitive: 'Strategy: competitive',
  lifecycle: 'Strategy: lifecycle',
  time: 'Strategy: time-based',
  blend: 'Strategy: blend'
}

export function ruleLabel(rule: string): string {
  return LABELS[rule] ?? `Strategy: ${rule.replace(/_/g, ' ')}`
}

/**
 * The optimizer first, then every rule with a share, best first. Null when the run has no truth
 * (imported data) or no rules: nothing is shown then rather than an invented reference.
 */
export function ruleRows(
  optimizerShare: number | null,
  rules: RuleShare[] | null | undefined
): RuleRow[] | null {
  if (optimizerShare === null || !rules?.length) return null
  const scored = rules.filter(
    (r): r is { rule: string; true_revenue_share_of_optimum: number } =>
      r.true_revenue_share_of_optimum !== null && Number.isFinite(r.true_revenue_share_of_optimum)
  )
  const behind = (s: number) => (optimizerShare - s) * 100
  return [
    {
      key: 'optimizer',
      label: 'Optimizer (this sheet)',
      share: optimizerShare,
      behind_points: 0,
      optimizer: true
    },
    ...scored
      .sort((a, b) => b.true_revenue_share_of_optimum - a.true_revenue_share_of_optimum)
      .map((r) => ({
        key: r.rule,
        label: ruleLabel(r.rule),
        share: r.true_revenue_share_of_optimum,
        behind_points: behind(r.true_revenue_share_of_optimum),
        optimizer: false
      }))
  ]
}

/** "98.94%": the shared formatter's two decimals, as every percent. */
export function sharePct(share: number): string {
  return pct(share)
}

/** "+1.04 pt" lead of the optimizer over a rule, or "−0.20 pt" where the rule is ahead. */
export function leadPoints(points: number): string {
  const v = Math.abs(points) < 0.005 ? 0 : points
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${grouped(Math.abs(v), 2)} pt`
}

/** The sentence under the table: the optimizer's lead over the best rule, said plainly. */
export function leadSentence(rows: RuleRow[]): string {
  const best = rows.find((r) => !r.optimizer)
  if (!best) return ''
  return best.behind_points > 0
    ? `The optimizer leads the best simple rule (${best.label.toLowerCase()}) by ${leadPoints(best.behind_points).slice(1)} of the true joint optimum.`
    : `${best.label} reaches at least as much of the true joint optimum as the optimizer (${leadPoints(best.behind_points)}).`
}

/**
 * Where the bars start: shares crowd near 100%, so a bar from 0 would hide the lead; the bars start at
 * the lowest share rounded down to 5 points (said under the table), and span to 100%.
 */
export function barStart(rows: RuleRow[]): number {
  const low = Math.min(...rows.map((r) => r.share), 1)
  return Math.max(0, Math.floor((low - 0.005) * 20) / 20)
}

/** A bar's width in % of its track, between the start and 100% (clamped: a share can exceed 1 by a hair). */
export function barWidth(share: number, start: number): number {
  return Math.min(100, Math.max(0, ((share - start) / (1 - start)) * 100))
}
