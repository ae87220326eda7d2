import { csvDocument } from '../data/csv/writer'
import type { ElasticityReport } from './report'

/** The comparison table, the per-segment elasticities or the cross-price matrix of a run, as Excel-safe CSV. */
export function elasticityCsv(
  r: ElasticityReport,
  table: 'models' | 'segments' | 'cross',
  bom: boolean
): { csv: string; rows: number } {
  if (table === 'cross') {
    // One row per cell: the elasticity of the quantity of `on` with respect to the price of `of`, within the group.
    const header = ['cross_group', 'on', 'of', 'elasticity', 'ci_low', 'ci_high', 'reading', 'n', 'unshrunk']
    const rows = (r.cross ?? []).map((c) => [
      r.cross_group,
      c.on,
      c.of,
      c.elasticity,
      c.ci_low,
      c.ci_high,
      c.reading,
      c.n,
      c.raw
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
      m.test_r2,
      m.rmse,
      m.mape,
      m.cv_rmse,
      m.cv_r2,
      m.elasticity,
      m.log_log_slope,
      m.train_ms
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
    s.elasticity,
    s.ci_low,
    s.ci_high,
    s.debiased,
    s.debiased_ci_low,
    s.debiased_ci_high,
    s.true,
    s.warning,
    s.recommended ?? null,
    s.recommended_ci_low ?? null,
    s.recommended_ci_high ?? null,
    s.recommended_from ?? null,
    s.recommended_reason ?? null
  ])
  return { csv: csvDocument(header, rows, bom), rows: rows.length }
}
