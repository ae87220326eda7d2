import type { Db } from '../db/port'

export interface SensitivityScores {
  learnerIds: Int32Array
  /** 0 (indifferent to price) … 1 (most price-sensitive); 0.5 where a learner has no purchase to judge by. */
  score: Float64Array
  /** Learners with at least one purchase. */
  scored: number
  /** Spearman correlation with the generator's latent sensitivity, on sample data; null otherwise. */
  spearman_with_truth: number | null
}

/**
 * Price sensitivity from revealed behaviour: how far below a course's usual price
 * the learner bought (promotions), and how cheap the courses they chose were for
 * their category. Both are standardized, summed, shrunk towards neutral for
 * learners with few purchases, and turned into a 0–1 percentile.
 */
export function priceSensitivity(db: Db): SensitivityScores {
  const learners = db
    .prepare<{ learner_id: number }>('SELECT learner_id FROM learners ORDER BY learner_id')
    .all()
  const rows = db
    .prepare<{ learner_id: number; paid: number; course_avg: number; cat_avg: number }>(
      `WITH course_avg AS (SELECT course_id, avg(token_price) AS p FROM course_price_history GROUP BY course_id),
            cat_avg AS (SELECT c.category, avg(a.p) AS p FROM courses c JOIN course_avg a USING (course_id) GROUP BY c.category)
       SELECT e.learner_id, e.tokens_paid AS paid, a.p AS course_avg, k.p AS cat_avg
       FROM enrollments e JOIN courses c USING (course_id) JOIN course_avg a USING (course_id) JOIN cat_avg k ON k.category = c.category`
    )
    .all()
  const index = new Map(learners.map((l, i) => [l.learner_id, i]))
  const n = learners.length
  const promo = new Float64Array(n)
  const cheap = new Float64Array(n)
  const count = new Float64Array(n)
  for (const r of rows) {
    const i = index.get(r.learner_id)
    if (i === undefined || !(r.course_avg > 0) || !(r.cat_avg > 0)) continue
    promo[i] += Math.log(r.paid / r.course_avg)
    cheap[i] += Math.log(r.course_avg / r.cat_avg)
    count[i]++
  }
  const z = (v: Float64Array) => {
    const xs: number[] = []
    for (let i = 0; i < n; i++) if (count[i]) xs.push(v[i] / count[i])
    const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length)) || 1
    return (i: number) => (v[i] / count[i] - m) / sd
  }
  const zp = z(promo)
  const zc = z(cheap)
  const raw: { i: number; v: number }[] = []
  for (let i = 0; i < n; i++) if (count[i]) raw.push({ i, v: (-(zp(i) + zc(i)) * count[i]) / (count[i] + 2) })
  raw.sort((a, b) => a.v - b.v)
  const score = new Float64Array(n).fill(0.5)
  raw.forEach((r, k) => (score[r.i] = raw.length > 1 ? k / (raw.length - 1) : 0.5))
  const truth = db
    .prepare<{ key: string; value: number }>(
      "SELECT key, value FROM ground_truth WHERE scope = 'learner' AND metric = 'price_sensitivity'"
    )
    .all()
  let spearman: number | null = null
  if (truth.length) {
    const t = new Map(truth.map((r) => [Number(r.key), r.value]))
    const pairs = raw
      .map((r) => [score[r.i], t.get(learners[r.i].learner_id) ?? NaN])
      .filter((p) => Number.isFinite(p[1]))
    spearman = rankCorrelation(
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1])
    )
  }
  return {
    learnerIds: Int32Array.from(learners, (l) => l.learner_id),
    score,
    scored: raw.length,
    spearman_with_truth: spearman
  }
}

function ranks(xs: number[]): number[] {
  const idx = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b])
  const r = new Array<number>(xs.length)
  idx.forEach((i, k) => (r[i] = k))
  return r
}

export function rankCorrelation(a: number[], b: number[]): number {
  const ra = ranks(a)
  const rb = ranks(b)
  const n = a.length
  const m = (n - 1) / 2
  let num = 0
  let da = 0
  let db = 0
  for (let i = 0; i < n; i++) {
    num += (ra[i] - m) * (rb[i] - m)
    da += (ra[i] - m) ** 2
    db += (rb[i] - m) ** 2
  }
  return da && db ? num / Math.sqrt(da * db) : 0
}
