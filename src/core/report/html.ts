import type { StudyReport } from '../pipeline/study'
import { esc } from './svg'
import { crossHtml } from './cross-section'
import {
  bestModel,
  dataHtml,
  elasticityHtml,
  experimentHtml,
  featuresHtml,
  filesHtml,
  isEdtech,
  kpisHtml,
  pricingHtml,
  propensityHtml,
  runHtml,
  titleHtml
} from './sections'

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1f24;max-width:1000px;margin:32px auto;padding:0 24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #1e5bc6;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.muted{color:#5f6670}.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.kpi{border:1px solid #d9dde3;border-radius:8px;padding:10px 14px;flex:1 1 190px}.kpi b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:left}
th{font-weight:600;background:#f5f7fa}.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif;margin:6px 0}.chart .t{font-weight:600;font-size:13px}.chart .v{fill:#5f6670;font-size:11px}
.note{color:#555;font-size:12px;margin:2px 0}.warn{background:#fff4e5;border-left:4px solid #ed6c02;padding:6px 10px;margin:6px 0}.ok{color:#2e7d32}.fail{color:#c62828}
section{break-inside:avoid-page}@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
`

/** The study as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched. */
export function renderReport(r: StudyReport): string {
  const best = bestModel(r)
  const edtech = isEdtech(r)
  const files = Object.entries(r.files)
  const parts = [
    titleHtml(r),
    kpisHtml(r, best),
    runHtml(r),
    r.data ? dataHtml(r.data, edtech) : null,
    r.features ? featuresHtml(r.features) : null,
    r.elasticity ? elasticityHtml(r.elasticity, best) : null,
    r.elasticity ? crossHtml(r.elasticity) : null,
    r.propensity ? propensityHtml(r.propensity) : null,
    r.pricing ? pricingHtml(r.pricing, edtech, r.elasticity?.segment_column ?? null) : null,
    r.experiment ? experimentHtml(r.experiment) : null,
    files.length ? filesHtml(files) : null
  ].filter((p) => p !== null)
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(r.name)} — PriceLab study</title><style>${CSS}</style></head><body>${parts.join('\n')}</body></html>\n`
}
