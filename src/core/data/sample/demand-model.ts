/**
 * The sample data's documented demand model: the known answer every elasticity
 * model is checked against.
 *
 *   log λ(c, w) = BASE_LOG_DEMAND
 *               + ε(cat) · log(price(c, w) / basePrice(cat))     ← true elasticity per category
 *               + QUALITY_EFFECT · qualityZ(c)
 *               + difficultyEffect(c)
 *               + season(w) + novelty(age(c, w))
 *               + u(c) + e(c, w)                                  ← course and week noise
 *   enrollments(c, w) ~ Poisson(λ(c, w))
 *
 * Prices are confounded with observables on purpose: better courses (higher
 * qualityZ) and harder ones cost more, and promotions cluster in the summer slump,
 * so a regression of quantity on price alone is biased; with the controls it is not.
 */
export const BASE_LOG_DEMAND = Math.log(60)
export const QUALITY_EFFECT = 0.35
export const COURSE_EFFECT_SD = 0.1
export const WEEK_NOISE_SD = 0.06

/** Term starts lift demand (January, September); summer and late December sag. weekOfYear is 0-based. */
export function seasonEffect(weekOfYear: number): number {
  const bump = (center: number, width: number) => {
    const d = Math.min(Math.abs(weekOfYear - center), 52 - Math.abs(weekOfYear - center))
    return Math.exp(-(d * d) / (2 * width * width))
  }
  return 0.22 * bump(1, 2.5) + 0.18 * bump(36, 2.5) - 0.2 * bump(30, 4) - 0.15 * bump(51, 1.5)
}

/** A new course takes a few weeks to be found. */
export function noveltyEffect(ageWeeks: number): number {
  return ageWeeks < 0 ? -Infinity : -0.6 * Math.exp(-ageWeeks / 5)
}

export function logDemand(args: {
  elasticity: number
  price: number
  basePrice: number
  qualityZ: number
  difficultyEffect: number
  weekOfYear: number
  ageWeeks: number
  courseEffect: number
}): number {
  return (
    BASE_LOG_DEMAND +
    args.elasticity * Math.log(args.price / args.basePrice) +
    QUALITY_EFFECT * args.qualityZ +
    args.difficultyEffect +
    seasonEffect(args.weekOfYear) +
    noveltyEffect(args.ageWeeks) +
    args.courseEffect
  )
}
