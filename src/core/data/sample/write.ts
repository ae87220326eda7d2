import type { Db } from '../../db/port'
import { readListed, saveJson } from '../../db/saved-json'
import { SAMPLE_META_FORMAT } from '../formats'
import { Rng, clamp, sigmoid } from '../../util/rng'
import { isoCache } from '../../util/dates'
import { CATEGORIES, DIFFICULTIES, qualityTier } from './catalog'
import { BASE_LOG_DEMAND, COURSE_EFFECT_SD, QUALITY_EFFECT, WEEK_NOISE_SD } from './demand-model'
import type { SampleWorld } from './generate'
import type { SqlValue } from '../../../shared/data/results'

const TOKEN_PACKS = [100, 250, 500, 1000, 2500]
const SIGNUP_BONUS = 50

/** Children first, so deleting respects the foreign keys. */
const CLEAR_ORDER = [
  'enrollments',
  'token_transactions',
  'course_price_history',
  'courses',
  'teachers',
  'learners',
  'platform_metrics',
  'ground_truth'
]

interface Txn {
  learner: number
  day: number
  order: number
  type: 'bonus' | 'purchase' | 'spend' | 'reward'
  amount: number
  balanceAfter: number
  course: number | null
}

/**
 * Derives the learner-level tables (token transactions, learner profile fields,
 * daily platform metrics) from the simulated world and writes every seed table in
 * one transaction: a failure leaves the project exactly as it was. The phases draw
 * from one seeded generator in a fixed order (transactions, then profiles), so the
 * same seed writes the same rows.
 */
/** The version of the sample data now in the project (0: none generated yet). */
export function sampleVersion(db: Db): number {
  const row = db.prepare<{ value: string }>("SELECT value FROM project_meta WHERE key = 'sample_data'").get()
  if (!row) return 0
  // A damaged description is replaced by this generation: counted as the first.
  const meta = readListed(SAMPLE_META_FORMAT, row.value)
  return 'value' in meta ? (meta.value.version ?? 1) : 1
}

export function writeSampleData(
  db: Db,
  world: SampleWorld,
  onProgress: (pct: number) => void
): Record<string, number> {
  const rng = new Rng((world.options.seed ^ 0x5eed) >>> 0)
  const iso = isoCache()
  const ledger = simulateTokens(world, rng)
  onProgress(15)
  const profiles = learnerProfiles(world, rng, ledger, iso)
  const metrics = dailyMetrics(world, ledger.txns, profiles.lastActivity)
  onProgress(25)
  let counts: Record<string, number> = {}
  db.transaction(() => {
    const version = sampleVersion(db) + 1
    clearSampleTables(db)
    counts = insertTables(db, world, ledger.txns, profiles.rows, metrics, iso, onProgress)
    db.prepare('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)').run(
      'sample_data',
      saveJson(SAMPLE_META_FORMAT, {
        seed: world.options.seed,
        scale: world.options.scale,
        start: iso(world.startDay),
        end: iso(world.endDay),
        generatorVersion: 1,
        version
      })
    )
  })
  onProgress(100)
  return counts
}

interface Ledger {
  /** Every token transaction, by day, then learner, then the learner's own order. */
  txns: Txn[]
  /** Each learner's token balance at the end of the data. */
  balance: Float64Array
  /** Each learner's last token event (−1e9: none). */
  lastEventDay: Int32Array
}

/** Per-learner event simulation: signup bonus, top-up before a spend when the balance is short, completion rewards. */
function simulateTokens(world: SampleWorld, rng: Rng): Ledger {
  const { learners, courses, enrollments, endDay } = world
  const byLearner: number[][] = learners.map(() => [])
  enrollments.forEach((e, i) => byLearner[e.learner].push(i))
  const txns: Txn[] = []
  const balance = new Float64Array(learners.length)
  const lastEventDay = new Int32Array(learners.length).fill(-1e9)
  for (let li = 0; li < learners.length; li++) {
    const l = learners[li]
    const events: { day: number; kind: 0 | 1 | 2; idx: number }[] = [{ day: l.joinDay, kind: 0, idx: -1 }]
    for (const ei of byLearner[li]) {
      const e = enrollments[ei]
      events.push({ day: e.day, kind: 1, idx: ei })
      if (e.completed) {
        const done = e.day + 7 + rng.int(30)
        if (done <= endDay) events.push({ day: done, kind: 2, idx: ei })
      }
    }
    if (byLearner[li].length === 0 && rng.bernoulli(0.3))
      events.push({ day: Math.min(endDay, l.joinDay + rng.int(30)), kind: 1, idx: -1 })
    events.sort((a, b) => a.day - b.day || a.kind - b.kind)
    let bal = 0
    let order = 0
    const push = (day: number, type: Txn['type'], amount: number, course: number | null) => {
      bal += amount
      txns.push({ learner: li, day, order: order++, type, amount, balanceAfter: bal, course })
    }
    for (const ev of events) {
      if (ev.kind === 0) push(ev.day, 'bonus', SIGNUP_BONUS, null)
      else if (ev.kind === 1 && ev.idx < 0) push(ev.day, 'purchase', TOKEN_PACKS[rng.int(2)], null)
      else if (ev.kind === 1) {
        const e = enrollments[ev.idx]
        if (bal < e.price) {
          const need = e.price - bal
          let pack = TOKEN_PACKS.find((p) => p >= need) ?? Math.ceil(need / 100) * 100
          if (l.engagement > 0.8 && rng.bernoulli(0.5)) pack = TOKEN_PACKS.find((p) => p > pack) ?? pack
          push(ev.day, 'purchase', pack, null)
        }
        push(ev.day, 'spend', -e.price, courses[e.course].id)
      } else {
        const e = enrollments[ev.idx]
        push(ev.day, 'reward', Math.round(0.1 * e.price), courses[e.course].id)
      }
      lastEventDay[li] = Math.max(lastEventDay[li], ev.day)
    }
    balance[li] = bal
  }
  txns.sort((a, b) => a.day - b.day || a.learner - b.learner || a.order - b.order)
  return { txns, balance, lastEventDay }
}

/** The learners table's rows (profile fields as of the end of the data) and each learner's last active day. */
function learnerProfiles(
  world: SampleWorld,
  rng: Rng,
  ledger: Ledger,
  iso: (day: number) => string
): { rows: SqlValue[][]; lastActivity: Int32Array } {
  const { learners, enrollments, endDay } = world
  const nEnr = new Int32Array(learners.length)
  const nDone = new Int32Array(learners.length)
  const ratingSum = new Float64Array(learners.length)
  const ratingN = new Int32Array(learners.length)
  const lastEnr = new Int32Array(learners.length).fill(-1)
  for (const e of enrollments) {
    nEnr[e.learner]++
    if (e.completed) nDone[e.learner]++
    if (e.rating !== null) {
      ratingSum[e.learner] += e.rating
      ratingN[e.learner]++
    }
    lastEnr[e.learner] = Math.max(lastEnr[e.learner], e.day)
  }
  const lastActivity = new Int32Array(learners.length)
  const rows: SqlValue[][] = learners.map((l, i) => {
    const alive = l.churnDay > endDay
    let last = alive
      ? endDay - Math.min(60, Math.floor(rng.exponential(1 / (4 * Math.exp(-0.7 * l.engagement)))))
      : l.churnDay
    last = Math.min(endDay, Math.max(last, ledger.lastEventDay[i], l.joinDay))
    lastActivity[i] = last
    const streak = endDay - last <= 1 ? 1 + rng.poisson(6 * Math.exp(0.6 * l.engagement)) : 0
    return [
      l.id,
      iso(l.joinDay),
      l.country,
      ledger.balance[i],
      streak,
      Math.round(clamp(50 + 15 * l.engagement + 10 * rng.normal(), 0, 100) * 10) / 10,
      Math.round(sigmoid(0.6 + l.engagement + 0.5 * rng.normal()) * 1000) / 1000,
      nEnr[i] ? Math.round((nDone[i] / nEnr[i]) * 1000) / 1000 : 0,
      ratingN[i] ? Math.round((ratingSum[i] / ratingN[i]) * 100) / 100 : null,
      // Observed sensitivity is a noisy survey answer; the latent truth is in ground_truth.
      Math.round(clamp(l.sensitivity + 0.15 * rng.normal(), 0, 1) * 1000) / 1000,
      iso(last),
      lastEnr[i] >= 0 ? iso(lastEnr[i]) : null
    ]
  })
  return { rows, lastActivity }
}

/** Per-day counters of the data window; `active` holds +1/−1 steps whose running sum is the day's active learners. */
interface DailyMetrics {
  days: number
  active: Int32Array
  fresh: Int32Array
  enrol: Int32Array
  done: Int32Array
  spent: Float64Array
  bought: Float64Array
}

function dailyMetrics(world: SampleWorld, txns: Txn[], lastActivity: Int32Array): DailyMetrics {
  const { learners, startDay, endDay } = world
  const days = endDay - startDay + 1
  const m: DailyMetrics = {
    days,
    active: new Int32Array(days + 1),
    fresh: new Int32Array(days),
    enrol: new Int32Array(days),
    done: new Int32Array(days),
    spent: new Float64Array(days),
    bought: new Float64Array(days)
  }
  learners.forEach((l, i) => {
    const a = Math.max(0, l.joinDay - startDay)
    const b = Math.min(days - 1, lastActivity[i] - startDay)
    if (l.joinDay >= startDay && l.joinDay <= endDay) m.fresh[l.joinDay - startDay]++
    if (b >= a) {
      m.active[a]++
      m.active[b + 1]--
    }
  })
  for (const t of txns) {
    const d = t.day - startDay
    if (d < 0 || d >= days) continue
    if (t.type === 'spend') {
      m.enrol[d]++
      m.spent[d] -= t.amount
    } else if (t.type === 'purchase') m.bought[d] += t.amount
    else if (t.type === 'reward') m.done[d]++
  }
  return m
}

/** Empties the EdTech seed tables; the retail sample's truth belongs to its dataset, which regenerating keeps. */
function clearSampleTables(db: Db): void {
  for (const t of CLEAR_ORDER)
    db.exec(
      t === 'ground_truth' ? `DELETE FROM ground_truth WHERE scope NOT LIKE 'retail%'` : `DELETE FROM ${t}`
    )
}

/** Inserts every seed table's rows (inside the caller's transaction); returns the row count per table. */
function insertTables(
  db: Db,
  world: SampleWorld,
  txns: Txn[],
  learnerRows: SqlValue[][],
  m: DailyMetrics,
  iso: (day: number) => string,
  onProgress: (pct: number) => void
): Record<string, number> {
  const { learners, courses, enrollments, startDay } = world
  const counts: Record<string, number> = {}
  const insert = (table: string, cols: string[], rows: Iterable<SqlValue[]>) => {
    const st = db.prepare(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
    )
    let n = 0
    for (const r of rows) {
      st.run(...r)
      n++
    }
    counts[table] = n
  }
  insert(
    'teachers',
    ['teacher_id', 'name', 'join_date', 'specialty', 'quality_score'],
    world.teachers.map((t) => [t.id, t.name, iso(t.joinDay), CATEGORIES[t.specialty].name, t.quality])
  )
  insert(
    'courses',
    [
      'course_id',
      'title',
      'category',
      'difficulty_level',
      'quality_tier',
      'quality_score',
      'teacher_id',
      'token_price',
      'launch_date',
      'duration_hours'
    ],
    courses.map((c) => [
      c.id,
      c.title,
      CATEGORIES[c.category].name,
      DIFFICULTIES[c.difficulty].name,
      qualityTier(c.qualityZ),
      // The reviewers' quality score (1–5): an observable measure of the course's latent quality.
      Math.round(clamp(3.5 + 0.6 * c.qualityZ, 1, 5) * 100) / 100,
      c.teacherId,
      c.listPrice,
      iso(c.launchDay),
      c.durationHours
    ])
  )
  onProgress(35)
  insert(
    'learners',
    [
      'learner_id',
      'join_date',
      'country',
      'token_balance',
      'learning_streak_days',
      'forum_participation_score',
      'assignment_submission_rate',
      'completion_rate',
      'avg_rating_given',
      'price_sensitivity',
      'last_activity_date',
      'last_enrollment_date'
    ],
    learnerRows
  )
  const h = world.history
  insert(
    'course_price_history',
    ['course_id', 'week_start', 'token_price', 'enrollments'],
    (function* () {
      for (let k = 0; k < h.length; k++)
        yield [courses[h.course[k]].id, iso(startDay + 7 * h.week[k]), h.price[k], h.enrollments[k]]
    })()
  )
  onProgress(55)
  insert(
    'enrollments',
    ['enrollment_id', 'learner_id', 'course_id', 'enrollment_date', 'tokens_paid', 'completed', 'rating'],
    enrollments.map((e, i) => [
      i + 1,
      learners[e.learner].id,
      courses[e.course].id,
      iso(e.day),
      e.price,
      e.completed ? 1 : 0,
      e.rating
    ])
  )
  onProgress(70)
  insert(
    'token_transactions',
    ['transaction_id', 'learner_id', 'transaction_date', 'type', 'amount', 'balance_after', 'course_id'],
    txns.map((t, i) => [
      i + 1,
      learners[t.learner].id,
      iso(t.day),
      t.type,
      t.amount,
      t.balanceAfter,
      t.course
    ])
  )
  onProgress(90)
  let active = 0
  insert(
    'platform_metrics',
    [
      'metric_date',
      'active_learners',
      'new_learners',
      'enrollments',
      'completions',
      'tokens_spent',
      'tokens_purchased',
      'avg_token_price'
    ],
    Array.from({ length: m.days }, (_, d) => {
      active += m.active[d]
      return [
        iso(startDay + d),
        active,
        m.fresh[d],
        m.enrol[d],
        m.done[d],
        m.spent[d],
        m.bought[d],
        m.enrol[d] ? Math.round((m.spent[d] / m.enrol[d]) * 100) / 100 : null
      ]
    })
  )
  insert('ground_truth', ['scope', 'key', 'metric', 'value'], groundTruthRows(world))
  return counts
}

function* groundTruthRows(world: SampleWorld): Generator<SqlValue[]> {
  for (const c of CATEGORIES) {
    yield ['category', c.name, 'elasticity', c.elasticity]
    yield ['category', c.name, 'base_price', c.basePrice]
  }
  yield ['demand_model', 'global', 'base_log_demand', BASE_LOG_DEMAND]
  yield ['demand_model', 'global', 'quality_effect', QUALITY_EFFECT]
  yield ['demand_model', 'global', 'course_effect_sd', COURSE_EFFECT_SD]
  yield ['demand_model', 'global', 'week_noise_sd', WEEK_NOISE_SD]
  for (const d of DIFFICULTIES) yield ['difficulty', d.name, 'demand_effect', d.demandEffect]
  for (const c of world.courses) {
    yield ['course', String(c.id), 'quality_z', c.qualityZ]
    yield ['course', String(c.id), 'course_effect', c.courseEffect]
    yield ['course', String(c.id), 'elasticity', CATEGORIES[c.category].elasticity]
  }
  for (const l of world.learners) {
    yield ['learner', String(l.id), 'engagement', l.engagement]
    yield ['learner', String(l.id), 'price_sensitivity', l.sensitivity]
    yield ['learner', String(l.id), 'churn_day_offset', l.churnDay - world.startDay]
  }
}
