import type { BalanceRow } from '../../shared/experiments'

/** A covariate of the units: numeric, or categorical (compared level by level as shares). */
export interface Covariate {
  name: string
  values: (number | string | null)[]
}

export const SMD_LIMIT = 0.1

function meanVar(xs: number[]): { mean: number; variance: number } {
  const n = xs.length
  if (!n) return { mean: NaN, variance: NaN }
  const mean = xs.reduce((s, x) => s + x, 0) / n
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0
  return { mean, variance }
}

/** Per covariate and arm, the SMD against control; |SMD| > 0.1 is flagged. */
export function balanceTable(
  covariates: Covariate[],
  arms: string[],
  control: string,
  unitArm: string[]
): BalanceRow[] {
  const rows: BalanceRow[] = []
  const pick = (values: (number | null)[], a: string) =>
    values.filter((v, i) => unitArm[i] === a && v !== null && Number.isFinite(v)) as number[]
  const compare = (name: string, values: (number | null)[]) => {
    const c = meanVar(pick(values, control))
    for (const a of arms) {
      if (a === control) continue
      const t = meanVar(pick(values, a))
      const pooled = Math.sqrt((t.variance + c.variance) / 2)
      const smd = pooled > 0 ? (t.mean - c.mean) / pooled : t.mean === c.mean ? 0 : Infinity
      rows.push({
        covariate: name,
        arm: a,
        mean_control: c.mean,
        mean_arm: t.mean,
        smd,
        flagged: Math.abs(smd) > SMD_LIMIT
      })
    }
  }
  for (const cov of covariates) {
    if (cov.values.every((v) => v === null || typeof v === 'number'))
      compare(cov.name, cov.values as (number | null)[])
    else {
      const levels = [...new Set(cov.values.filter((v) => v !== null).map(String))].sort()
      for (const l of levels)
        compare(
          `${cov.name} = ${l}`,
          cov.values.map((v) => (v === null ? null : String(v) === l ? 1 : 0))
        )
    }
  }
  return rows
}
