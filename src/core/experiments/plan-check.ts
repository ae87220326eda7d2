import { CsvImportError } from '../data/csv/errors'
import type { CsvIssue } from '../../shared/errors'
import type { ResultRow } from './results-file'
import type { PlanCheck, PlanProblem, PlanProblemKind } from '../../shared/experiments'
import { pct } from '../../shared/format/numbers'

/** Above this share of problem rows the results are refused unless the analyst insists. */
export const MISMATCH_LIMIT = 0.01
const SHOWN = 50

export class PlanMismatchError extends CsvImportError {
  constructor(issues: CsvIssue[], summary: string) {
    super(issues)
    this.message = summary
    this.name = 'PlanMismatchError'
  }
}

/**
 * Rows whose unit is not in the plan, that put a unit in another arm than the plan
 * did, or repeat a unit, are left out of the analysis and reported by line. Above
 * 1% of rows the file is refused (it is probably the wrong file, or the assignment
 * was not followed), unless `allowMismatch`; the verdict then carries the caveat.
 */
export function checkAgainstPlan(
  rows: ResultRow[],
  plan: Map<string, string> | null,
  o: {
    file: string
    columns: { unit: number; arm: number }
    allowMismatch: boolean
    /** Switchback: one row per unit and period, and the arm changes by period (the plan holds the first period's). */
    perPeriod?: boolean
  }
): { rows: ResultRow[]; check: PlanCheck } {
  const perPeriod = o.perPeriod ?? false
  const keyOf = (r: ResultRow) => (perPeriod ? `${r.unit}\u0000${r.period ?? ''}` : r.unit)
  const what = (r: ResultRow) =>
    perPeriod ? `unit "${r.unit}" in period "${r.period ?? ''}"` : `unit "${r.unit}"`
  const problems: PlanProblem[] = []
  const issues: CsvIssue[] = []
  const counts: Record<PlanProblemKind, number> = { not_in_plan: 0, wrong_arm: 0, duplicate: 0 }
  const seen = new Map<string, number | null>()
  const kept: ResultRow[] = []
  for (const r of rows) {
    const line = r.line ?? null
    let problem: PlanProblem | null = null
    const first = seen.get(keyOf(r))
    if (first !== undefined)
      problem = {
        kind: 'duplicate',
        unit: r.unit,
        line,
        message: `${what(r)} appears again${first !== null ? ` (first on line ${first})` : ''}`
      }
    else if (plan && !plan.has(r.unit))
      problem = { kind: 'not_in_plan', unit: r.unit, line, message: `unit "${r.unit}" is not in the plan` }
    else if (plan && !perPeriod && plan.get(r.unit) !== r.arm)
      problem = {
        kind: 'wrong_arm',
        unit: r.unit,
        line,
        message: `unit "${r.unit}" is reported in "${r.arm}" but the plan put it in "${plan.get(r.unit)}"`
      }
    if (first === undefined) seen.set(keyOf(r), line)
    if (!problem) {
      kept.push(r)
      continue
    }
    counts[problem.kind]++
    if (problems.length < SHOWN) {
      problems.push(problem)
      issues.push({
        file: o.file,
        line: line ?? 0,
        column: (problem.kind === 'wrong_arm' ? o.columns.arm : o.columns.unit) + 1,
        columnName: problem.kind === 'wrong_arm' ? 'arm' : 'unit',
        message: problem.message
      })
    }
  }
  const bad = rows.length - kept.length
  const share = rows.length ? bad / rows.length : 0
  const over = share > MISMATCH_LIMIT
  if (over && !o.allowMismatch)
    throw new PlanMismatchError(
      issues,
      `${bad} of ${rows.length} result rows (${pct(share)}, limit ${pct(MISMATCH_LIMIT)}) do not match ${plan ? 'the plan' : 'one row per unit'}: ${describe(counts)}. First: line ${issues[0]?.line}: ${issues[0]?.message}. Check that this is the right results file; to analyse the matching rows anyway, use --allow-mismatch.`
    )
  const inPlan = plan ? [...plan].filter(([, arm]) => arm !== 'holdout').map(([u]) => u) : []
  const reported = new Set(kept.map((r) => r.unit))
  return {
    rows: kept,
    check: {
      rows: rows.length,
      analysed_rows: kept.length,
      counts,
      problem_share: share,
      problems,
      missing_units: inPlan.filter((u) => !reported.has(u)).length,
      over_limit: over
    }
  }
}

export function describe(c: Record<PlanProblemKind, number>): string {
  const parts = [
    c.not_in_plan ? `${c.not_in_plan} not in the plan` : '',
    c.wrong_arm ? `${c.wrong_arm} in the wrong arm` : '',
    c.duplicate ? `${c.duplicate} repeated` : ''
  ].filter(Boolean)
  return parts.join(', ') || 'none'
}
