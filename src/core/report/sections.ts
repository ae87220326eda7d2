import { SAMPLE_DATASET } from '../elasticity/panel'
import type { StudyReport } from '../pipeline/study'
import { barChart, esc, intervalChart } from './svg'
import { MODEL_LABELS, type ModelKind } from '../../shared/elasticity'
import { describeUnit } from '../../shared/pricing'
import { recommendationOf } from '../../shared/elasticity/recommend'
import type { RecommendedFrom } from '../../shared/elasticity/results'
import { strataLabel } from '../experiments/strata-label'
import { treatmentHtml } from './experiment-treatment'
import {
  grouped,
  int,
  numberInterval,
  pct as sharePct,
  priceDecimals,
  seconds,
  signedPct,
  signedPctInterval
} from '../../shared/format/numbers'

/** The report's sections, one function each; renderReport (html.ts) puts them together. */

function recommendedLabel(from: RecommendedFrom | null): string {
  return from === null ? '—' : from === 'debiased' ? 'Debiased (DML)' : MODEL_LABELS[from]
}

// The shared formatter (src/shared/format): the report writes every value as the page and the CSV files do.
const num = grouped
const pct = signedPct

function table(header: string[], rows: (string | number | null)[][], numeric: boolean[] = []): string {
  const th = header.map((h, k) => `<th${numeric[k] ? ' class="n"' : ''}>${esc(h)}</th>`).join('')
  const tr = rows
    .map(
      (r) =>
        `<tr>${r.map((c, k) => `<td${numeric[k] ? ' class="n"' : ''}>${esc(c === null ? '—' : String(c))}</td>`).join('')}</tr>`
    )
    .join('')
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`
}

type Elasticity = NonNullable<StudyReport['elasticity']>
type BestModel = Elasticity['models'][number] | undefined

/** The model with the best cross-validated fit (the report's headline model). */
export function bestModel(r: StudyReport): BestModel {
  return r.elasticity?.models.find((m) => m.name === r.elasticity?.best_model)
}

/** EdTech words (enrollments, tokens, the sample's seed and its empty tables) only for the EdTech sample. */
export function isEdtech(r: StudyReport): boolean {
  return !r.elasticity || r.elasticity.dataset === SAMPLE_DATASET
}

const qtyLabelOf = (edtech: boolean) => (edtech ? 'Enrollments / week' : 'Quantity / period')

export function titleHtml(r: StudyReport): string {
  return `<h1>${esc(r.name)}</h1><div class="muted">PriceLab study report · ${esc(r.created_at.slice(0, 16).replace('T', ' '))} UTC · ${esc(r.project)}</div>`
}

/** The headline figures: best model, propensity AUCs, uplift, A/B plan size. */
export function kpisHtml(r: StudyReport, best: BestModel): string {
  return `<div class="kpis">${[
    [
      'Best demand model',
      best ? `${best.label}` : '—',
      best ? `R² ${num(best.test_r2, 3)} · RMSE ${num(best.rmse)} · MAPE ${sharePct(best.mape)}` : ''
    ],
    // Learner propensity is the EdTech sample's: another dataset's report has no such card.
    ...(r.propensity || isEdtech(r)
      ? [
          [
            'Propensity AUC',
            r.propensity ? r.propensity.targets.map((t) => `${t.target} ${num(t.auc, 2)}`).join(' · ') : '—',
            ''
          ]
        ]
      : []),
    headlineCard(r.pricing?.portfolio ?? null),
    [
      'A/B plan',
      r.experiment ? `${int(r.experiment.units)} units` : '—',
      r.experiment
        ? `needs ${int(r.experiment.power.required_units)}; MDE reachable ${sharePct(r.experiment.power.mde_achievable)}`
        : ''
    ]
  ]
    .map(
      ([t, v, d]) =>
        `<div class="kpi"><span class="muted">${esc(t)}</span><b>${esc(v)}</b><span class="muted">${esc(d)}</span></div>`
    )
    .join('')}</div>`
}

/** The run's stages (a skipped propensity stage is hidden for an imported dataset: it never applied). */
export function runHtml(r: StudyReport): string {
  return `<section><h2>Run</h2>${table(
    ['Stage', 'Status', 'Time', 'Note'],
    r.stages
      .filter(
        (s) =>
          !(
            s.status === 'skipped' &&
            s.stage === 'propensity' &&
            r.elasticity &&
            r.elasticity.dataset !== SAMPLE_DATASET
          )
      )
      .map((s) => [s.stage, s.status, s.ms === null ? null : seconds(s.ms), s.message]),
    [false, false, true, false]
  )}</section>`
}

export function dataHtml(d: NonNullable<StudyReport['data']>, edtech: boolean): string {
  const tables = d.tables.filter((t) => edtech || t.rows > 0)
  return `<section><h2>Data</h2>${edtech && d.sample ? `<p>Sample data, seed ${d.sample.seed}, scale ${d.sample.scale}, ${esc(d.sample.start)} to ${esc(d.sample.end)}.</p>` : ''}${table(
    ['Table', 'Kind', 'Rows', 'Columns'],
    // An imported dataset by the name the analyst gave it, not its internal table name.
    tables.map((t) => [t.dataset ?? t.name, t.kind, int(t.rows), t.columns]),
    [false, false, true, true]
  )}<h3>Missing values</h3>${
    d.missing.length
      ? table(
          ['Table', 'Column', 'Type', 'Missing', 'Share'],
          d.missing.map((m) => [m.table, m.column, m.type, int(m.missing), sharePct(m.share)]),
          [false, false, false, true, true]
        )
      : '<p>No column has missing values.</p>'
  }</section>`
}

export function featuresHtml(f: NonNullable<StudyReport['features']>): string {
  return `<section><h2>Features</h2><p>${esc(f.label)}: ${int(f.rows)} rows, segments by ${esc(f.segment ?? '—')}; controls: ${esc(f.controls.join(', '))}.</p></section>`
}

export function elasticityHtml(e: Elasticity, best: BestModel): string {
  const rec = recommendationOf(e)
  return `<section><h2>Price elasticity</h2><p>${int(e.rows)} rows, ${int(e.items)} items, ${e.models.length} models compared on the same ${e.validation === 'time' ? 'time-blocked folds (tested on the last periods of every item)' : e.validation === 'rows' ? 'folds over rows within items (tested on held-out rows of every item)' : 'item-grouped folds (tested on new items)'}; best by cross-validated RMSE: <b>${esc(best?.label ?? '—')}</b>. The recommended elasticity (chosen for price response, not fit) comes from <b>${esc(recommendedLabel(rec.recommended_model))}</b>; pricing uses it.</p>${headlineHtml(e)}${table(
    ['Model', 'Test R²', 'RMSE', 'MAPE', 'CV RMSE', 'Elasticity'],
    e.models.map((m) => [
      `${m.label}${m.name === e.best_model ? ' (best)' : ''}`,
      num(m.test_r2, 3),
      num(m.rmse),
      sharePct(m.mape),
      num(m.cv_rmse, 4),
      num(m.elasticity)
    ]),
    [false, true, true, true, true, true]
  )}${intervalChart(
    rec.segments
      .filter((s) => s.recommended !== null)
      .map((s) => ({
        label: s.segment,
        value: s.recommended as number,
        low: s.recommended_ci_low,
        high: s.recommended_ci_high,
        truth: e.segments.find((x) => x.segment === s.segment)?.true ?? null
      })),
    {
      title: `Recommended elasticity by ${e.segment_column} (90% interval${e.segments.some((s) => s.true !== null) ? '; ◇ true value' : ''})`
    }
  )}${table(
    ['Segment', 'Recommended', '90% interval', 'From', 'Best model', 'Debiased (DML)', 'True'],
    e.segments.map((s, k) => {
      const r = rec.segments[k]
      // The point and its interval in the same digits, so the shown point lies inside the shown interval.
      const shown = numberInterval(r.recommended, r.recommended_ci_low, r.recommended_ci_high)
      return [
        s.segment,
        shown.point,
        r.recommended_ci_low === null ? null : `${shown.low} to ${shown.high}`,
        recommendedLabel(rec.segments[k].recommended_from),
        num(s.elasticity),
        num(s.debiased),
        s.true === null ? null : num(s.true)
      ]
    }),
    [false, true, true, false, true, true, true]
  )}${rec.segments.map((s) => `<div class="note">${esc(s.segment)}: ${esc(s.recommended_reason)}</div>`).join('')}${e.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join('')}</section>`
}

export function propensityHtml(p: NonNullable<StudyReport['propensity']>): string {
  return `<section><h2>Learner propensity</h2><p>Features as of ${esc(p.cutoff)}, labels from the window after it (no leakage); scores as of ${esc(p.scored_as_of)}.</p>${table(
    ['Target', 'Best model', 'AUC', 'Rule baseline AUC', 'PR-AUC', 'F1', 'Precision ≥ 0.7', 'Brier'],
    p.targets.map((t) => [
      t.target,
      t.best_model,
      num(t.auc, 3),
      num(t.baseline_auc, 3),
      num(t.pr_auc, 3),
      num(t.f1, 3),
      num(t.precision_at_70, 3),
      num(t.brier, 3)
    ]),
    [false, false, true, true, true, true, true, true]
  )}${p.targets
    .filter((t) => t.target === 'enrollment')
    .map((t) =>
      barChart(
        t.segments.map((s) => ({
          label: `${s.segment} (mean ${num(s.mean_score, 2)})`,
          value: s.learners
        })),
        { title: 'Learners by enrollment segment (scored learners)', unit: 'learners' }
      )
    )
    .join('')}</section>`
}

/** The one-figure headline, its interval and its definition (none for runs saved before it). */
function headlineHtml(e: Elasticity): string {
  const h = e.headline
  if (!h) return ''
  const t = numberInterval(h.elasticity, h.ci_low, h.ci_high)
  return `<p><b>Headline elasticity ${esc(t.point)}</b> (90% ${esc(t.low)} to ${esc(t.high)}): ${esc(h.definition)}.</p>`
}

/** A % change and its interval in the same digits ("+0.54% (+0.45% to +0.55%)"), or the change alone. */
function changeWithInterval(
  x: number | null | undefined,
  iv: { low: number; high: number } | null | undefined
): string {
  if (!iv) return pct(x)
  const t = signedPctInterval(x, iv.low, iv.high)
  return `${t.point} (${t.interval})`
}

/** The overview card of the sheet, in its objective's terms (revenue for runs saved before). */
function headlineCard(pf: NonNullable<StudyReport['pricing']>['portfolio'] | null): [string, string, string] {
  const margin = pf?.objective === 'margin'
  const iv = pf ? (pf.objective_interval ?? pf.uplift_interval) : null
  const shown = pf && iv ? signedPctInterval(pf.objective_change_pct ?? pf.uplift_pct, iv.low, iv.high) : null
  return [
    margin ? 'Margin uplift' : 'Revenue uplift',
    pf ? (shown?.point ?? pct(pf.objective_change_pct ?? pf.uplift_pct)) : '—',
    shown ? `interval ${shown.interval}` : ''
  ]
}

export function pricingHtml(
  pr: NonNullable<StudyReport['pricing']>,
  edtech: boolean,
  segmentColumn: string | null
): string {
  const pf = pr.portfolio
  const qtyLabel = qtyLabelOf(edtech)
  // The dataset's own segment word (a brand, a region): "category" is the EdTech sample's.
  const seg = edtech ? 'category' : (segmentColumn ?? 'segment')
  const price = (x: number) => num(x, priceDecimals(pr.unit) ?? 2)
  const corner = pr.corner
    ? `<p class="warn"><b>${esc(pr.corner.reason)}</b></p>${
        pr.corner_curve
          ? barChart(
              pr.corner_curve.map((c) => ({ label: `±${num(c.width * 100, 0)}%`, value: c.change_pct })),
              {
                title: `${pr.settings.objective} change against the ${pr.corner.guardrail.replace(/_/g, ' ')}`,
                unit: '%'
              }
            )
          : ''
      }`
    : ''
  return `<section><h2>Price recommendations</h2>${pricingVerdictHtml(pr)}${corner}<p>${esc(pr.demand_label ?? `${MODEL_LABELS[pr.model as ModelKind] ?? pr.model} demand model`)}; prices in ${esc(pr.unit ? describeUnit(pr.unit) : 'tokens')}; objective ${esc(pr.settings.objective)}; guardrails: +${num((pr.settings.guardrails.max_increase ?? 0) * 100, 0)}% / −${num((pr.settings.guardrails.max_decrease ?? 0) * 100, 0)}% per item${pr.settings.guardrails.stay_in_observed ? ', inside observed prices' : ''}, rounding ${esc(pr.settings.guardrails.rounding.rule)}.${pr.price_grid ? ` ${esc(pr.price_grid.sentence)}` : ''}${costSources(pr.costs)}</p><div class="kpis">${[
    [`Revenue / period today (${pr.unit?.label ?? 'tokens'})`, int(pf.current_revenue)],
    [
      'Optimized',
      `${int(pf.optimized_revenue)}${pf.revenue_interval ? ` (${int(pf.revenue_interval.low)}–${int(pf.revenue_interval.high)})` : ''}`
    ],
    [
      pf.objective === 'margin' ? 'Margin change' : 'Revenue change',
      changeWithInterval(
        pf.objective_change_pct ?? pf.uplift_pct,
        pf.objective_interval ?? pf.uplift_interval
      )
    ],
    [qtyLabel, `${int(pf.current_enrollments)} → ${int(pf.optimized_enrollments)}`],
    ...(pf.current_margin !== null && pf.optimized_margin !== null
      ? [
          [
            'Margin / period',
            `${int(pf.current_margin)} → ${int(pf.optimized_margin)} (${pct(pf.margin_change_pct ?? null, 2)})`
          ]
        ]
      : []),
    ...(pr.true_revenue_share_of_optimum !== null
      ? [['True share of optimum', sharePct(pr.true_revenue_share_of_optimum)]]
      : [])
  ]
    .map(([t, v]) => `<div class="kpi"><span class="muted">${esc(t)}</span><b>${esc(v)}</b></div>`)
    .join('')}</div>${table(
    [
      'Strategy',
      edtech ? 'Revenue / week' : 'Revenue / period',
      'Revenue change',
      'Margin change',
      qtyLabel,
      'Items changed',
      'Clamped'
    ],
    pr.comparison.map((c) => [
      c.strategy,
      int(c.revenue),
      pct(c.revenue_change_pct, 2),
      c.margin_change_pct === undefined || c.margin_change_pct === null ? '—' : pct(c.margin_change_pct, 2),
      int(c.enrollments),
      c.items_changed,
      c.items_clamped
    ]),
    [false, true, true, true, true, true, true]
  )}${barChart(
    [...pr.categories]
      .sort((a, b) => b.revenue_change - a.revenue_change)
      .map((c) => ({ label: c.category, value: c.revenue_change })),
    { title: `Revenue change by ${seg}`, unit: `${pr.unit?.label ?? 'tokens'} / period` }
  )}<h3>Largest changes</h3>${table(
    ['Item', 'Name', seg[0].toUpperCase() + seg.slice(1), 'Current', 'Recommended', 'Change', 'Bound by'],
    pr.top_changes.map((x) => [
      x.item_id,
      x.name,
      x.category,
      price(x.current_price),
      price(x.recommended_price),
      pct(x.change_pct),
      x.binding_guardrail
    ]),
    [false, false, false, true, true, true, false]
  )}${pr.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join('')}</section>`
}

export function experimentHtml(x: NonNullable<StudyReport['experiment']>): string {
  return `<section><h2>A/B test plan</h2><p>${int(x.units)} ${esc(x.design.units)} in the test (${Object.entries(
    x.arms
  )
    .map(([a, n]) => `${esc(a)} ${n}`)
    .join(
      ', '
    )}), stratified by ${esc(x.stratified_by ?? strataLabel(x.design.stratify, x.design.units))}, seed ${x.seed} (${esc(x.algorithm)}), data fingerprint ${esc(x.fingerprint)}. ${esc(x.power.test)}: ${esc(x.power.message)}${x.duration.weeks ? `; run ${x.duration.weeks} week(s)` : ''}. Largest |SMD| ${num(x.max_abs_smd, 3)}.</p>${treatmentHtml(x.treatment, 'unit')}${table(
    ['Arm', 'Change', 'Weight', 'Units'],
    x.design.arms.map((a) => [
      a.name,
      a.change.kind === 'none'
        ? "today's prices"
        : a.change.kind === 'pct'
          ? `${a.change.pct}%`
          : a.change.kind === 'optimized'
            ? 'optimized prices'
            : `scenario ${a.change.name}`,
      a.weight,
      x.arms[a.name] ?? 0
    ]),
    [false, false, true, true]
  )}${
    x.flagged.length
      ? table(
          ['Covariate', 'Arm', 'SMD'],
          x.flagged.map((b) => [b.covariate, b.arm, num(b.smd, 3)]),
          [false, false, true]
        )
      : '<p>No covariate differs by more than 0.1 standard deviations.</p>'
  }${x.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join('')}</section>`
}

export function filesHtml(files: [string, string][]): string {
  return `<section><h2>Files</h2>${table(
    ['Content', 'File'],
    files.map(([k, v]) => [k.replace(/_/g, ' '), v])
  )}</section>`
}
/** Do no harm in the report: a refused sheet says why; an uncertain one says its interval includes a loss. */
function pricingVerdictHtml(pr: { refused?: string | null; uncertain?: boolean }): string {
  if (pr.refused) return `<div class="warn"><b>Price sheet refused:</b> ${esc(pr.refused)}</div>`
  if (pr.uncertain)
    return '<div class="warn"><b>Uncertain:</b> the uplift interval includes a loss against today’s prices.</div>'
  return ''
}

/** Where the costs came from, as a sentence of the report ("Costs: 56 items from the cost table costs.csv."). */
function costSources(
  c: { sources: Record<string, number>; without_cost: number; table: { file: string } | null } | undefined
): string {
  if (!c) return ''
  const words: Record<string, string> = {
    cost_table: `the cost table ${c.table?.file ?? ''}`.trim(),
    cost_column: 'the cost column',
    segment_share: 'their segment’s cost share',
    cost_share: 'the cost share'
  }
  const parts = Object.entries(c.sources).map(([k, n]) => `${num(n, 0)} items from ${words[k] ?? k}`)
  if (c.without_cost) parts.push(`${num(c.without_cost, 0)} without a cost`)
  return parts.length ? ` Costs: ${esc(parts.join(', '))}.` : ''
}
