/**
 * The retail sample's documented demand model: the known answer elasticity and
 * pricing are checked against on data shaped like a weekly store × brand panel.
 *
 *   log λ(s, b, w) = log baseUnits(b)                          ← brand baseline (45–340 units a week)
 *                  + storeEffect(s) + itemEffect(s, b)         ← store and store-brand baselines
 *                  + ε(s, b) · log(p(s, b, w) / ref(b))        ← true own elasticity per item
 *                  + Σ_k γ(b, k) · log(p(s, k, w) / ref(k))    ← a few cross-price effects (brands.ts)
 *                  + FEATURE_EFFECT · feature + DISPLAY_EFFECT · display
 *                  + season(w) + η(s, w) + e(s, b, w)          ← season, store-week and item-week shocks
 *   units(s, b, w) ~ Poisson(λ(s, b, w))
 *
 * ε(s, b) = ε(b) + a store-brand deviation (sd ITEM_ELASTICITY_SD), centred so that
 * the brand's items average exactly ε(b).
 *
 * Prices are set with knowledge of demand, as retailers do, so that a regression
 * that ignores item identity is biased while one within items (store × brand fixed
 * effects) with the promotion flags and the season as controls is not:
 * - stores that sell more sit in dearer price zones and store-brands with more
 *   demand (itemEffect) sit on higher price points: across items, high price goes
 *   with high volume, which pulls a pooled elasticity toward zero;
 * - promotions (price cuts, mostly with a feature ad and often a display) are
 *   planned for the slow season: cheap weeks are also low-demand weeks;
 * - feature and display coincide with price cuts: without them as controls the price
 *   effect absorbs the promotion.
 * The store-week and item-week shocks η and e are not seen by the retailer: price
 * does not react to them, so no estimator needs an instrument.
 */
export const STORE_EFFECT_SD = 0.45
export const ITEM_EFFECT_SD = 0.2
export const ITEM_ELASTICITY_SD = 0.25
export const FEATURE_EFFECT = Math.log(2)
export const DISPLAY_EFFECT = Math.log(1.5)
export const STORE_WEEK_NOISE_SD = 0.06
export const WEEK_NOISE_SD = 0.15
export const SEASON_AMPLITUDE = 0.12

/** The model's global effects: the generator's constants, or the ones a project's ground truth stored. */
export interface RetailEffects {
  featureEffect: number
  displayEffect: number
  seasonAmplitude: number
  storeWeekNoiseSd: number
  weekNoiseSd: number
}

export const RETAIL_EFFECTS: RetailEffects = {
  featureEffect: FEATURE_EFFECT,
  displayEffect: DISPLAY_EFFECT,
  seasonAmplitude: SEASON_AMPLITUDE,
  storeWeekNoiseSd: STORE_WEEK_NOISE_SD,
  weekNoiseSd: WEEK_NOISE_SD
}

/** Juice sells best in winter: a yearly cycle with its peak in the first week of January. w counts weeks from a Monday in early January. */
export function retailSeason(week: number, amplitude = SEASON_AMPLITUDE): number {
  return amplitude * Math.cos((2 * Math.PI * week) / 52)
}

/**
 * Chance that a store-brand starts a promotion in a given week: planned for the
 * slow season (about 7% of weeks at the winter peak, 16% in the summer slump),
 * before the store's own promotion habit.
 */
export function promotionRate(week: number): number {
  return 0.105 * Math.exp(-3.5 * retailSeason(week))
}

/** E[exp(η + e)]: turns the median into the expected weekly quantity. */
export function noiseMeanFactor(fx: RetailEffects = RETAIL_EFFECTS): number {
  return Math.exp((fx.storeWeekNoiseSd ** 2 + fx.weekNoiseSd ** 2) / 2)
}

/** The systematic part of log λ (no shocks): the truth that expected demand is computed from. */
export function retailLogDemand(
  args: {
    /** log baseUnits(b) + storeEffect(s) + itemEffect(s, b). */
    logBase: number
    elasticity: number
    price: number
    refPrice: number
    /** Σ_k γ(b, k) · log(p(s, k) / ref(k)), already summed. */
    crossTerm: number
    feature: number
    display: number
    week: number
  },
  fx: RetailEffects = RETAIL_EFFECTS
): number {
  return (
    args.logBase +
    args.elasticity * Math.log(args.price / args.refPrice) +
    args.crossTerm +
    fx.featureEffect * args.feature +
    fx.displayEffect * args.display +
    retailSeason(args.week, fx.seasonAmplitude)
  )
}
