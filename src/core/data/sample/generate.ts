import type { Db } from '../../db/port'
import type { GenerateSummary } from '../../../shared/data/results'
import { AliasTable, Rng, clamp, sigmoid } from '../../util/rng'
import { isoCache, isoToDay } from '../../util/dates'
import {
  CATEGORIES,
  COUNTRIES,
  DIFFICULTIES,
  FIRST_NAMES,
  LAST_NAMES,
  TITLE_PREFIXES,
  TITLE_SUFFIXES
} from './catalog'
import { COURSE_EFFECT_SD, WEEK_NOISE_SD, logDemand, seasonEffect } from './demand-model'
import { writeSampleData } from './write'

export interface GenerateOptions {
  seed: number
  /** Multiplies every size (1 = 10,000 learners, 500 teachers, 2,000 courses, 50,000 enrollments). */
  scale: number
}

export interface Progress {
  percent: number
  message: string
}

export const SAMPLE_START = '2025-01-06'
export const SAMPLE_WEEKS = 52
export const DEFAULT_SIZES = { learners: 10_000, teachers: 500, courses: 2_000, enrollments: 50_000 }

/** The whole generated world, column-oriented where it is large. */
export interface SampleWorld {
  options: GenerateOptions
  startDay: number
  endDay: number
  teachers: { id: number; name: string; joinDay: number; specialty: number; quality: number }[]
  courses: {
    id: number
    title: string
    category: number
    difficulty: number
    qualityZ: number
    teacherId: number
    listPrice: number
    /** The course's launch list price, before any change or promotion: what "full price" means to a learner. */
    refPrice: number
    launchDay: number
    durationHours: number
    courseEffect: number
  }[]
  history: {
    course: Int32Array
    week: Int32Array
    price: Float64Array
    enrollments: Int32Array
    length: number
  }
  learners: {
    id: number
    joinDay: number
    country: string
    engagement: number
    sensitivity: number
    churnDay: number
  }[]
  enrollments: {
    learner: number
    course: number
    day: number
    price: number
    completed: boolean
    rating: number | null
  }[]
}

export function sampleSizes(scale: number) {
  const n = (x: number) => Math.max(1, Math.round(x * scale))
  return {
    learners: n(DEFAULT_SIZES.learners),
    teachers: n(DEFAULT_SIZES.teachers),
    courses: n(DEFAULT_SIZES.courses),
    enrollments: n(DEFAULT_SIZES.enrollments)
  }
}

/** Generates the sample world and writes it into the seed tables, replacing their contents in one transaction. */
export function generateSampleData(
  db: Db,
  options: GenerateOptions,
  onProgress: (p: Progress) => void = () => {}
): GenerateSummary {
  if (!Number.isInteger(options.seed) || options.seed < 0)
    throw new Error('seed must be a non-negative integer')
  if (!(options.scale > 0 && options.scale <= 100))
    throw new Error('scale must be greater than 0 and at most 100')
  const t0 = Date.now()
  onProgress({ percent: 0, message: 'Simulating catalog and demand' })
  const world = simulateWorld(options)
  onProgress({ percent: 40, message: 'Writing tables' })
  const counts = writeSampleData(db, world, (p) =>
    onProgress({ percent: 40 + p * 0.6, message: 'Writing tables' })
  )
  const day = isoCache()
  onProgress({ percent: 100, message: 'Done' })
  return {
    seed: options.seed,
    scale: options.scale,
    startDate: day(world.startDay),
    endDate: day(world.endDay),
    counts,
    ms: Date.now() - t0
  }
}

export function simulateWorld(options: GenerateOptions): SampleWorld {
  const rng = new Rng(options.seed)
  const sizes = sampleSizes(options.scale)
  const startDay = isoToDay(SAMPLE_START)
  const endDay = startDay + SAMPLE_WEEKS * 7 - 1

  // Teachers: a specialty and a quality score on 1–5.
  const catAlias = new AliasTable(CATEGORIES.map((c) => c.weight))
  const teachers: SampleWorld['teachers'] = []
  const bySpecialty: number[][] = CATEGORIES.map(() => [])
  for (let i = 0; i < sizes.teachers; i++) {
    const specialty = catAlias.sample(rng)
    const quality = Math.round(clamp(3.6 + 0.55 * rng.normal(), 1, 5) * 100) / 100
    teachers.push({
      id: i + 1,
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      joinDay: startDay - 60 - rng.int(3 * 365),
      specialty,
      quality
    })
    bySpecialty[specialty].push(i)
  }

  // Courses: priced from category, difficulty and quality, so price is confounded with quality.
  const diffAlias = new AliasTable(DIFFICULTIES.map((d) => d.weight))
  const courses: SampleWorld['courses'] = []
  const refPrice: number[] = []
  for (let i = 0; i < sizes.courses; i++) {
    const category = catAlias.sample(rng)
    const pool = bySpecialty[category].length ? bySpecialty[category] : teachers.map((_, k) => k)
    const teacher = teachers[rng.pick(pool)]
    const difficulty = diffAlias.sample(rng)
    const qualityZ = 0.7 * ((teacher.quality - 3.6) / 0.55) + 0.55 * rng.normal()
    const cat = CATEGORIES[category]
    const launchDay = rng.bernoulli(0.75) ? startDay - 30 - rng.int(3 * 365) : startDay + rng.int(300)
    refPrice.push(
      Math.max(
        5,
        Math.round(
          cat.basePrice *
            DIFFICULTIES[difficulty].priceMultiplier *
            Math.exp(0.25 * qualityZ + 0.12 * rng.normal())
        )
      )
    )
    courses.push({
      id: i + 1,
      title: `${rng.pick(TITLE_PREFIXES)} ${rng.pick(cat.topics)} ${rng.pick(TITLE_SUFFIXES)}`,
      category,
      difficulty,
      qualityZ,
      teacherId: teacher.id,
      listPrice: refPrice[i],
      refPrice: refPrice[i],
      launchDay,
      durationHours: Math.round(rng.uniform(2, 30) * (difficulty === 2 ? 1.5 : 1) * 2) / 2,
      courseEffect: COURSE_EFFECT_SD * rng.normal()
    })
  }

  // Weekly price path and demand: list-price changes plus promotions, more of them in the summer slump.
  const cap = sizes.courses * SAMPLE_WEEKS
  const history = {
    course: new Int32Array(cap),
    week: new Int32Array(cap),
    price: new Float64Array(cap),
    enrollments: new Int32Array(cap),
    length: 0
  }
  for (let i = 0; i < courses.length; i++) {
    const c = courses[i]
    const cat = CATEGORIES[c.category]
    let level = refPrice[i] * Math.exp(0.05 * rng.normal())
    let promoLeft = 0
    let promoDiscount = 0
    for (let w = 0; w < SAMPLE_WEEKS; w++) {
      const weekDay = startDay + 7 * w
      const ageWeeks = (weekDay - c.launchDay) / 7
      if (ageWeeks < 0) continue
      if (rng.bernoulli(0.05)) level *= Math.exp(rng.uniform(-0.18, 0.18))
      if (promoLeft > 0) promoLeft--
      else if (rng.bernoulli(0.03 + 0.1 * Math.max(0, -seasonEffect(w) / 0.2))) {
        promoLeft = rng.int(3)
        promoDiscount = rng.uniform(0.1, 0.3)
      } else promoDiscount = 0
      const price = Math.max(1, Math.round(level * (1 - promoDiscount)))
      const eta =
        logDemand({
          elasticity: cat.elasticity,
          price,
          basePrice: cat.basePrice,
          qualityZ: c.qualityZ,
          difficultyEffect: DIFFICULTIES[c.difficulty].demandEffect,
          weekOfYear: w,
          ageWeeks,
          courseEffect: c.courseEffect
        }) +
        WEEK_NOISE_SD * rng.normal()
      const k = history.length++
      history.course[k] = i
      history.week[k] = w
      history.price[k] = price
      history.enrollments[k] = rng.poisson(Math.exp(eta))
    }
    c.listPrice = Math.max(1, Math.round(level))
  }

  // Learners: latent engagement and price sensitivity; churn hazard falls with engagement.
  const countryAlias = new AliasTable(COUNTRIES.map((c) => c.weight))
  const learners: SampleWorld['learners'] = []
  const activity: number[] = []
  for (let i = 0; i < sizes.learners; i++) {
    const engagement = rng.normal()
    const joinDay = startDay - 730 + rng.int(730 + 365 - 30)
    learners.push({
      id: i + 1,
      joinDay,
      country: COUNTRIES[countryAlias.sample(rng)].name,
      engagement,
      sensitivity: sigmoid(1.2 * rng.normal()),
      churnDay: joinDay + Math.round(rng.exponential(0.002 * Math.exp(-0.8 * engagement)))
    })
    activity.push(Math.exp(0.8 * engagement))
  }

  const enrollments = sampleEnrollments(rng, sizes.enrollments, {
    courses,
    history,
    learners,
    activity,
    startDay,
    endDay
  })
  return { options, startDay, endDay, teachers, courses, history, learners, enrollments }
}

/**
 * The enrollments table is the sampled learners' share of platform demand: each
 * row picks a course-week in proportion to its enrollments, then a learner who was
 * active that day, price-sensitive learners being less willing to pay above the
 * category's base price.
 */
function sampleEnrollments(
  rng: Rng,
  count: number,
  w: Pick<SampleWorld, 'courses' | 'history' | 'learners' | 'startDay' | 'endDay'> & { activity: number[] }
): SampleWorld['enrollments'] {
  const weights = w.history.enrollments.subarray(0, w.history.length)
  const cwAlias = new AliasTable(weights)
  const learnerAlias = new AliasTable(w.activity)
  const taken = new Set<number>()
  const out: SampleWorld['enrollments'] = []
  const nCourses = w.courses.length
  let guard = 0
  while (out.length < count && guard++ < count * 20) {
    const k = cwAlias.sample(rng)
    const ci = w.history.course[k]
    const course = w.courses[ci]
    const day = Math.min(
      w.endDay,
      Math.max(course.launchDay, w.startDay + 7 * w.history.week[k] + rng.int(7))
    )
    const price = w.history.price[k]
    // Price-sensitive learners shy away from dear categories' prices and, more, from paying full price:
    // they wait for promotions. This is the behaviour the price-sensitivity score reads back.
    const premium = Math.max(0, Math.log(price / CATEGORIES[course.category].basePrice))
    const fullPrice = Math.max(0, Math.log(price / course.refPrice) + 0.15)
    let learner = -1
    for (let t = 0; t < 60; t++) {
      const li = learnerAlias.sample(rng)
      const l = w.learners[li]
      if (l.joinDay > day || l.churnDay < day || taken.has(li * nCourses + ci)) continue
      if (rng.next() < Math.exp(-l.sensitivity * (1.5 * premium + 6 * fullPrice))) {
        learner = li
        break
      }
    }
    if (learner < 0) continue
    taken.add(learner * nCourses + ci)
    const l = w.learners[learner]
    const diffCompletion = [0.25, 0, -0.4][course.difficulty]
    const completed =
      day <= w.endDay - 14 &&
      rng.bernoulli(sigmoid(-0.1 + 0.9 * l.engagement + 0.45 * course.qualityZ + diffCompletion))
    let rating: number | null = null
    if (completed && rng.bernoulli(0.7))
      rating = clamp(Math.round(3.4 + 0.5 * course.qualityZ + 0.3 * l.engagement + 0.7 * rng.normal()), 1, 5)
    else if (!completed && rng.bernoulli(0.15))
      rating = clamp(Math.round(2.6 + 0.4 * course.qualityZ + 0.8 * rng.normal()), 1, 5)
    out.push({ learner, course: ci, day, price, completed, rating })
  }
  out.sort((a, b) => a.day - b.day || a.learner - b.learner)
  return out
}
