import type { Db } from '../db/port'
import { logDemand } from '../data/sample/demand-model'
import { SAMPLE_WEEKS } from '../data/sample/generate'
import type { CatalogItem } from './catalog'
import type { DemandFn } from './optimize'

/**
 * The sample world's TRUE expected demand next week, from the generator's ground
 * truth: what a recommended price really earns, to score the optimizer. Null when
 * the project has no ground truth (imported data).
 */
export function trueDemand(db: Db, items: CatalogItem[]): DemandFn | null {
  const truth = db
    .prepare<{ scope: string; key: string; metric: string; value: number }>(
      "SELECT scope, key, metric, value FROM ground_truth WHERE scope IN ('course', 'category', 'difficulty')"
    )
    .all()
  if (!truth.length) return null
  const t = new Map(truth.map((r) => [`${r.scope}|${r.key}|${r.metric}`, r.value]))
  const courses = new Map(
    db
      .prepare<{ course_id: number; category: string; difficulty_level: string }>(
        'SELECT course_id, category, difficulty_level FROM courses'
      )
      .all()
      .map((c) => [String(c.course_id), c])
  )
  const params = items.map((it) => {
    const c = courses.get(it.id)
    const get = (k: string) => t.get(k)
    const e = get(`course|${it.id}|elasticity`)
    const base = c ? get(`category|${c.category}|base_price`) : undefined
    const diff = c ? get(`difficulty|${c.difficulty_level}|demand_effect`) : undefined
    if (e === undefined || base === undefined || diff === undefined || it.age_weeks === null) return null
    return {
      elasticity: e,
      basePrice: base,
      difficultyEffect: diff,
      qualityZ: get(`course|${it.id}|quality_z`) ?? 0,
      courseEffect: get(`course|${it.id}|course_effect`) ?? 0,
      ageWeeks: it.age_weeks
    }
  })
  if (params.some((p) => p === null)) return null
  return async (idx, prices) =>
    Float64Array.from(idx, (i, k) => {
      const p = params[i] as NonNullable<(typeof params)[number]>
      return Math.exp(logDemand({ ...p, price: prices[k], weekOfYear: SAMPLE_WEEKS }))
    })
}
