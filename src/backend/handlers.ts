/**
 * Every call's handler, in one map: the domain maps combined. Typed against the contract, so a call
 * without a handler, or a handler without a call, fails the build.
 */
import type { ApiName } from '../shared/api'
import type { HandlerMap } from './context'
import { dataHandlers } from './data/handlers'
import { elasticityHandlers } from './elasticity/handlers'
import { experimentHandlers } from './experiments/handlers'
import { jobHandlers } from './jobs/handlers'
import { pricingHandlers } from './pricing/handlers'
import { projectHandlers } from './project/handlers'
import { propensityHandlers } from './propensity/handlers'
import { studyHandlers } from './study/handlers'
import { transactionHandlers } from './transactions/handlers'

const all = {
  ...projectHandlers,
  ...dataHandlers,
  ...transactionHandlers,
  ...elasticityHandlers,
  ...propensityHandlers,
  ...pricingHandlers,
  ...experimentHandlers,
  ...studyHandlers,
  ...jobHandlers
}

/** The map as the full contract; a key that is no call of the contract must be `never`, so it fails here. */
function exactly<T extends HandlerMap<ApiName>>(
  map: T & Record<Exclude<keyof T, ApiName>, never>
): HandlerMap<ApiName> {
  return map
}

export const handlers = exactly(all)
