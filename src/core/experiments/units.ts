import { groupBy } from '../util/group'
import { DomainError } from '../../shared/domain-error'
import type { Db } from '../db/port'
import { isoToDay } from '../util/dates'
import type { Covariate } from './balance'
import type { Stratification, UnitKind } from '../../shared/experiments'
import type { PeriodBound } from './periods'
import { loadItems, type UnitColumns } from './dataset-units'

/** The units an experiment can randomize, with what design and analysis need to know about them. */
export interface UnitSet {
  kind: UnitKind
  ids: string[]
  strata: (s: Stratification) => string[]
  clusters: (string | null)[]
  /** Today's price per unit (courses); null for learners, whose arms change every price they see. */
  prices: (number | null)[]
  covariates: Covariate[]
  /** Per unit, the metric over one baseline window: revenue per week (courses) or per 30 days (learners), conversion (learners). */
  revenue: number[]
  converted: number[] | null
  /** Courses: variance of weekly revenue between courses and within a course, to size a test of W weeks. */
  components: { between: number; within: number } | null
  /** Learners: how many distinct learners are active per day (how fast a test fills). */
  arrivals_per_day: number | null
  window_days: number
  as_of: string
  /** Items: the dataset's segment column, what stratifying by "category" groups by. */
  segment_column?: string | null
  /** Per unit, the segment whose elasticity prices it (course category, item segment); absent: none. */
  segments?: string[]
  /** Per unit, the store (or other group) whose items take volume from each other; absent or null: none known. */
  groups?: (string | null)[]
  /** Items: the dataset column that is the unit (the item role unless another id column was chosen). */
  unit_column?: string
  /** Items: the column whose values are randomized whole (null: none). */
  cluster_column?: string | null
  /** Items: the column units share and take volume from each other in (a store); null when none. */
  shared_column?: string | null
  /** Per unit, its revenue in each of its last periods (oldest first), for the noise of a switchback by cluster. */
  series?: number[][]
  /** Learners: what they bought in the baseline window, per course category (spend and enrollments). */
  mix?: CategoryMix[]
}

/** Learners' purchases in one category: what a change of every price they see moves by that category's elasticity. */
export interface CategoryMix {
  segment: string
  revenue: number
  enrollments: number
}

export class ExperimentError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'ExperimentError'
  }
}

export const terciles = (xs: number[]): string[] => {
  const s = [...xs].sort((a, b) => a - b)
  const q1 = s[Math.floor(s.length / 3)]
  const q2 = s[Math.floor((2 * s.length) / 3)]
  return xs.map((x) => (x < q1 ? 'low' : x < q2 ? 'mid' : 'high'))
}

/** Pre-period weeks (or periods) a unit's baseline averages: also the CUPED covariate's length. */
export const PRE_PERIODS = 12
const WEEKS = PRE_PERIODS

/**
 * The sample's courses: category, difficulty, teacher, price, and their last 12 weeks of
 * revenue (within `bound` when given: the pre-period of a test that started then). A plain
 * date is the exclusive start of the test.
 */
export function loadCourses(db: Db, bound: PeriodBound | string = null): UnitSet {
  const b: PeriodBound = typeof bound === 'string' ? { before: bound } : bound
  const courses = db
    .prepare<{
      course_id: number
      category: string
      difficulty_level: string
      teacher_id: number
      token_price: number
      quality_score: number | null
      launch_date: string
    }>(
      'SELECT course_id, category, difficulty_level, teacher_id, token_price, quality_score, launch_date FROM courses ORDER BY course_id'
    )
    .all()
  if (!courses.length) throw new ExperimentError('the project has no courses: generate the sample data first')
  const end = db
    .prepare<{ d: string | null }>(
      `SELECT max(week_start) AS d FROM course_price_history WHERE week_start ${b && 'through' in b ? '<=' : '<'} ?`
    )
    .get(b ? ('through' in b ? b.through : b.before) : '9999-12-31')?.d
  if (!end) throw new ExperimentError('the project has no course price history to estimate the baseline from')
  const from = new Date((isoToDay(end) - 7 * (WEEKS - 1)) * 86_400_000).toISOString().slice(0, 10)
  const weekly = groupBy(
    db
      .prepare<{ course_id: number; revenue: number }>(
        'SELECT course_id, token_price * enrollments AS revenue FROM course_price_history WHERE week_start >= ? AND week_start <= ? ORDER BY course_id, week_start'
      )
      .all(from, end),
    (r) => r.course_id
  )
  const { means, between, within } = varianceComponents(
    courses.map((c) => (weekly.get(c.course_id) ?? []).map((r) => r.revenue))
  )
  const endDay = isoToDay(end) + 7
  const prices = courses.map((c) => c.token_price)
  const tiers = terciles(prices)
  return {
    kind: 'courses',
    ids: courses.map((c) => String(c.course_id)),
    strata: (s) => {
      if (s === 'category') return courses.map((c) => c.category)
      if (s === 'tier') return courses.map((c) => c.difficulty_level)
      if (s === 'price_tier') return tiers
      if (s === 'segment')
        throw new ExperimentError(
          'courses have no propensity segment: stratify by category, tier or price tier'
        )
      return courses.map(() => 'all')
    },
    clusters: courses.map((c) => String(c.teacher_id)),
    segments: courses.map((c) => c.category),
    prices,
    covariates: [
      { name: 'token_price', values: prices },
      { name: 'weekly_revenue', values: means },
      { name: 'quality_score', values: courses.map((c) => c.quality_score) },
      { name: 'age_weeks', values: courses.map((c) => (endDay - isoToDay(c.launch_date)) / 7) },
      { name: 'category', values: courses.map((c) => c.category) },
      { name: 'difficulty_level', values: courses.map((c) => c.difficulty_level) }
    ],
    revenue: means,
    converted: null,
    components: { between, within },
    arrivals_per_day: null,
    window_days: 7,
    as_of: end
  }
}

/** Learners active in the last 90 days, with their last 30 days of enrollments and spend. */
export function loadLearners(db: Db): UnitSet {
  const end = db.prepare<{ d: string | null }>('SELECT max(enrollment_date) AS d FROM enrollments').get()?.d
  if (!end)
    throw new ExperimentError('the project has no enrollments: generate the sample data or import them')
  const day = (k: number) => new Date((isoToDay(end) - k) * 86_400_000).toISOString().slice(0, 10)
  const rows = db
    .prepare<{
      learner_id: number
      token_balance: number
      completion_rate: number
      learning_streak_days: number
      forum_participation_score: number
      last_activity_date: string | null
      spent: number | null
      n: number | null
    }>(
      `SELECT l.learner_id, l.token_balance, l.completion_rate, l.learning_streak_days, l.forum_participation_score,
              l.last_activity_date, e.spent, e.n
       FROM learners l LEFT JOIN (SELECT learner_id, sum(tokens_paid) AS spent, count(*) AS n FROM enrollments
                                  WHERE enrollment_date > ? GROUP BY learner_id) e USING (learner_id)
       WHERE l.last_activity_date > ? ORDER BY l.learner_id`
    )
    .all(day(30), day(90))
  if (rows.length < 4) throw new ExperimentError('fewer than four learners were active in the last 90 days')
  const recent = db
    .prepare<{ n: number }>('SELECT count(*) AS n FROM learners WHERE last_activity_date > ?')
    .get(day(30)) as { n: number }
  const segments = latestSegments(db)
  const mix = db
    .prepare<CategoryMix>(
      `SELECT c.category AS segment, sum(e.tokens_paid) AS revenue, count(*) AS enrollments
       FROM enrollments e JOIN courses c USING (course_id) JOIN learners l USING (learner_id)
       WHERE e.enrollment_date > ? AND l.last_activity_date > ? GROUP BY c.category ORDER BY c.category`
    )
    .all(day(30), day(90))
  return {
    kind: 'learners',
    mix,
    ids: rows.map((r) => String(r.learner_id)),
    strata: (s) => {
      if (s === 'segment') {
        if (!segments)
          throw new ExperimentError(
            'stratifying by segment needs the enrollment propensity: train it on the Propensity page'
          )
        return rows.map((r) => segments.get(r.learner_id) ?? 'unscored')
      }
      if (s === 'none') return rows.map(() => 'all')
      throw new ExperimentError(
        `learners cannot be stratified by ${s.replace('_', ' ')}: use their propensity segment`
      )
    },
    clusters: rows.map(() => null),
    prices: rows.map(() => null),
    covariates: [
      { name: 'token_balance', values: rows.map((r) => r.token_balance) },
      { name: 'completion_rate', values: rows.map((r) => r.completion_rate) },
      { name: 'learning_streak_days', values: rows.map((r) => r.learning_streak_days) },
      { name: 'forum_participation', values: rows.map((r) => r.forum_participation_score) },
      { name: 'tokens_spent_30d', values: rows.map((r) => r.spent ?? 0) }
    ],
    revenue: rows.map((r) => r.spent ?? 0),
    converted: rows.map((r) => ((r.n ?? 0) > 0 ? 1 : 0)),
    components: null,
    arrivals_per_day: recent.n / 30,
    window_days: 30,
    as_of: end
  }
}

function latestSegments(db: Db): Map<number, string> | null {
  const run = db
    .prepare<{ run_id: number }>('SELECT max(run_id) AS run_id FROM propensity_runs')
    .get()?.run_id
  if (!run) return null
  const rows = db
    .prepare<{ learner_id: number; segment: string }>(
      "SELECT learner_id, segment FROM learner_scores WHERE run_id = ? AND target = 'enrollment'"
    )
    .all(run)
  return rows.length ? new Map(rows.map((r) => [r.learner_id, r.segment])) : null
}

/** `bound` (courses and items): only the periods inside it, as a test's pre-period. */
export function loadUnits(
  db: Db,
  kind: UnitKind,
  dataset: string | null = null,
  bound: PeriodBound = null,
  columns: UnitColumns = { unit: null, cluster: null }
): UnitSet {
  if (kind === 'items') {
    if (!dataset) throw new ExperimentError('item units need the imported dataset they come from')
    return loadItems(db, dataset, bound, columns)
  }
  return kind === 'courses' ? loadCourses(db, bound) : loadLearners(db)
}

export { loadItems } from './dataset-units'

/**
 * Variance components of a revenue series per unit: the mean of each unit, the
 * variance within a unit around its mean, and the variance between unit means
 * less the part the within-unit noise explains (never below 0). A test of W periods
 * then sees a unit's mean with variance between + within / W.
 */
export function varianceComponents(series: number[][]): { means: number[]; between: number; within: number } {
  const means = series.map((w) => (w.length ? w.reduce((s, x) => s + x, 0) / w.length : 0))
  let within = 0
  let df = 0
  series.forEach((w, i) => {
    for (const x of w) within += (x - means[i]) ** 2
    df += Math.max(0, w.length - 1)
  })
  within = df ? within / df : 0
  const grand = means.reduce((s, x) => s + x, 0) / means.length
  const avgPeriods = series.reduce((s, w) => s + w.length, 0) / series.length
  const between = Math.max(
    0,
    means.reduce((s, x) => s + (x - grand) ** 2, 0) / (means.length - 1) - within / Math.max(1, avgPeriods)
  )
  return { means, between, within }
}
