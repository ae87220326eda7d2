import { csvDocument, fixedDecimal, type FixedDecimal } from '../data/csv/writer'
import type { ElasticityReport } from '../../shared/elasticity/results'

/** A figure to the decimals the page shows it with (no 17-digit floats); null stays empty. */
const d = (x: number | null | undefined, decimals: number): FixedDecimal | null =>
  x === null || x === undefined ? null : fixedDecimal(x, decimals)

/** The comparison table, the per-segment elasticities or the cross-price matrix of a run, as Excel-safe CSV. */
export function elasticityCsv(
  r: ElasticityReport,
  table: 'models' | 'segments' | 'cross',
  bom: boolean
): { csv: string; rows: number } {
  if (table === 'cross') {
    // One row per cell: the elasticity of the quantity of `on` with respect to the price of `of`, within the group.
    // `level` and `within` come last (added with item-level matrices): `on`/`of` are item ids competing inside the
    // segment `within` at the item level, segment values at the segment level (runs saved before: `segment`).
    const header = [
      'cross_group',
      'on',
      'of',
      'elasticity',
      'ci_low',
      'ci_high',
      'reading',
      'n',
      'unshrunk',
      'level',
      'within'
    ]
    const level = r.cross_level ?? 'segment'
    const rows = (r.cross ?? []).map((c) => [
      r.cross_group,
      c.on,
      c.of,
      d(c.elasticity, 2),
      d(c.ci_low, 2),
      d(c.ci_high, 2),
      c.reading,
      c.n,
      d(c.raw, 2),
      level,
      c.within ?? null
    ])
    return { csv: csvDocument(header, rows, bom), rows: rows.length }
  }
  if (table === 'models') {
    const header = [
      'model',
      'label',
      'best',
      'test_r2',
      'rmse',
      'mape',
      'cv_rmse',
      'cv_r2',
      'elasticity',
      'log_log_slope',
      'train_ms'
    ]
    const rows = r.models.map((m) => [
      m.name,
      m.label,
      m.name === r.best_model ? 1 : 0,
      d(m.test_r2, 3),
      d(m.rmse, 2),
      // A share: four decimals are the page's percent to two.
      d(m.mape, 4),
      d(m.cv_rmse, 3),
      d(m.cv_r2, 3),
      d(m.elasticity, 2),
      d(m.log_log_slope, 2),
      d(m.train_ms, 0)
    ])
    return { csv: csvDocument(header, rows, bom), rows: rows.length }
  }
  const header = [
    'segment',
    'rows',
    'elasticity',
    'ci_low',
    'ci_high',
    'debiased',
    'debiased_ci_low',
    'debiased_ci_high',
    'true',
    'warning',
    'recommended',
    'recommended_ci_low',
    'recommended_ci_high',
    'recommended_from',
    'recommended_reason'
  ]
  const rows = r.segments.map((s) => [
    s.segment,
    s.rows,
    d(s.elasticity, 2),
    d(s.ci_low, 2),
    d(s.ci_high, 2),
    d(s.debiased, 2),
    d(s.debiased_ci_low, 2),
    d(s.debiased_ci_high, 2),
    d(s.true, 2),
    s.warning,
    d(s.recommended, 2),
    d(s.recommended_ci_low, 2),
    d(s.recommended_ci_high, 2),
    s.recommended_from ?? null,
    s.recommended_reason ?? null
  ])
  return { csv: csvDocument(header, rows, bom), rows: rows.length }
}
