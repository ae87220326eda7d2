import { quoteIdent, type Db } from '../../db/port'
import { DomainError } from '../../../shared/domain-error'
import { findDataset } from '../../data/datasets'
import { loadBands } from '../registry'
import { bandOf, segmentSummary } from '../segments'
import type { Band } from '../../../shared/propensity/results'
import type { Cell, CustomerTable } from './generate'
import { CustomerInputError } from './label'
import type { CustomerScores } from './train'
import type { CustomerTargetReport, CustomerPropensityRun } from '../../../shared/propensity/customer-results'
import { readJson, saveJson } from '../../db/saved-json'
import { CUSTOMER_RUN_FORMAT, type SavedCustomerRun } from '../formats'
import { staleRunReason } from '../../data/run-versions'
import { signed } from '../../../shared/format/numbers'

/** An imported dataset's rows as columns of cells (blanks are null), for trainCustomers. */
export function loadCustomerTable(db: Db, name: string): CustomerTable {
  const ds = findDataset(db, name)
  if (!ds) throw new CustomerInputError(`no dataset named "${name}" (import the customer table first)`, name)
  const names = ds.columns.map((c) => c.name)
  const rows = [
    ...db.prepare(`SELECT ${names.map(quoteIdent).join(', ')} FROM ${quoteIdent(ds.table)}`).raw()
  ] as Cell[][]
  return {
    columns: ds.columns.map((c, k) => ({
      name: c.name,
      type: c.type === 'integer' ? 'integer' : c.type === 'number' ? 'number' : 'text',
      values: rows.map((r) => r[k])
    }))
  }
}

/**
 * Saves the report and every customer's score, band and top columns in one transaction.
 * `datasetVersion` is the dataset's version when training started: a run saved after a replace is stale.
 */
export function saveCustomerRun(
  db: Db,
  report: CustomerTargetReport,
  current: CustomerScores,
  createdAt: string,
  datasetVersion: number
): CustomerPropensityRun {
  const bands = loadBands(db)
  const r = { ...report, segments: segmentSummary(current.score, bands), dataset_version: datasetVersion }
  const K = current.top.length / Math.max(1, current.score.length)
  const runId = db.transaction(() => {
    const id = Number(
      db
        .prepare(
          'INSERT INTO customer_propensity_runs (dataset, label, report_json, created_at) VALUES (?, ?, ?, ?)'
        )
        .run(r.dataset, r.target, saveJson(CUSTOMER_RUN_FORMAT, r), createdAt).lastInsertRowid
    )
    const insert = db.prepare(
      'INSERT INTO customer_scores (run_id, row_no, customer_id, score, segment, top_json) VALUES (?, ?, ?, ?, ?, ?)'
    )
    for (let i = 0; i < current.score.length; i++) {
      const top = []
      for (let j = 0; j < K; j++) {
        const c = current.top[i * K + j]
        if (c >= 0)
          top.push({
            feature: current.columns[c],
            contribution: Math.round(current.delta[i * K + j] * 1e4) / 1e4,
            value: current.values[i * K + j]
          })
      }
      insert.run(
        id,
        i + 1,
        current.ids[i],
        current.score[i],
        bandOf(current.score[i], bands),
        JSON.stringify(top)
      )
    }
    return id
  })
  return asRun(db, runId, r, createdAt, bands)
}

/** The run as the calls give it, marked `stale` (the reason and the fix) when its dataset was replaced since. */
function asRun(
  db: Db,
  runId: number,
  saved: SavedCustomerRun,
  createdAt: string,
  bands: Band[]
): CustomerPropensityRun {
  const { dataset_version, ...r } = saved
  const stale = staleRunReason(db, 'propensity', {
    run_id: runId,
    sample: false,
    dataset: r.dataset,
    dataset_version
  })
  return {
    run_id: runId,
    dataset: r.dataset,
    cutoff: r.cutoff,
    scored_as_of: r.scored_as_of ?? createdAt.slice(0, 10),
    created_at: createdAt,
    targets: [r],
    price_sensitivity: null,
    churn_sensitivity: null,
    bands,
    dataset_version,
    ...(stale ? { stale } : {})
  }
}

/** Why a saved customer run no longer describes its dataset (replaced since), or null: for readers of raw rows. */
export function customerRunStale(db: Db, runId: number, reportJson: string): string | null {
  const saved = readJson(CUSTOMER_RUN_FORMAT, reportJson)
  return staleRunReason(db, 'propensity', {
    run_id: runId,
    sample: false,
    dataset: saved.dataset,
    dataset_version: saved.dataset_version
  })
}

/** The latest run on a dataset (of one label, when given). */
export function latestCustomerRun(db: Db, dataset: string, label?: string): CustomerPropensityRun | null {
  const row = db
    .prepare<{ run_id: number; report_json: string; created_at: string }>(
      `SELECT run_id, report_json, created_at FROM customer_propensity_runs WHERE dataset = ?${label === undefined ? '' : ' AND label = ?'} ORDER BY run_id DESC LIMIT 1`
    )
    .get(...(label === undefined ? [dataset] : [dataset, label]))
  return row
    ? asRun(db, row.run_id, readJson(CUSTOMER_RUN_FORMAT, row.report_json), row.created_at, loadBands(db))
    : null
}

/**
 * One row per customer: the id, the score and band, and the three columns that
 * move the score most (as "column=value (+0.12)").
 */
export function scoredCustomers(
  db: Db,
  run: CustomerPropensityRun,
  customerId?: string
): { header: string[]; rows: (number | string)[][] } {
  const t = run.targets[0]
  const header = [
    t.id_column ?? 'row',
    `${t.target}_score`,
    `${t.target}_segment`,
    'reason_1',
    'reason_2',
    'reason_3'
  ]
  const rows = db
    .prepare<{ customer_id: string; score: number; segment: string; top_json: string }>(
      `SELECT customer_id, score, segment, top_json FROM customer_scores WHERE run_id = ?${customerId === undefined ? '' : ' AND customer_id = ?'} ORDER BY row_no`
    )
    .all(...(customerId === undefined ? [run.run_id] : [run.run_id, customerId]))
    .map((r) => {
      // A stored score outside [0, 1] (an infinite one was written blank, segment "Dormant") is refused.
      if (!(r.score >= 0 && r.score <= 1))
        throw new DomainError(
          'invalid_input',
          `propensity run ${run.run_id} is damaged: the saved score of customer "${r.customer_id}" is ${r.score}, not a probability between 0 and 1; train the propensity again`
        )
      const top = readTop(r.top_json, run.run_id, r.customer_id)
      const reasons = top.map(
        (c) => `${c.feature}=${c.value === null ? '(blank)' : c.value} (${signed(c.contribution, 3)})`
      )
      return [
        r.customer_id,
        Math.round(r.score * 1e6) / 1e6,
        r.segment,
        ...[0, 1, 2].map((k) => reasons[k] ?? '')
      ]
    })
  return { header, rows }
}

type Reason = { feature: string; contribution: number; value: Cell }

/** A customer's saved reasons; damaged ones are refused with the run and the customer, never `internal`. */
function readTop(text: string, runId: number, customer: string): Reason[] {
  let top: unknown
  try {
    top = JSON.parse(text)
  } catch (e) {
    throw new DomainError(
      'invalid_input',
      `propensity run ${runId} is damaged: the saved reasons of customer "${customer}" are not valid JSON (${(e as Error).message}); train the propensity again`
    )
  }
  const ok =
    Array.isArray(top) &&
    top.every(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof c.feature === 'string' &&
        typeof c.contribution === 'number' &&
        Number.isFinite(c.contribution)
    )
  if (!ok)
    throw new DomainError(
      'invalid_input',
      `propensity run ${runId} is damaged: the saved reasons of customer "${customer}" are not a list of columns with finite changes; train the propensity again`
    )
  return top as Reason[]
}
