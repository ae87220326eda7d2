import type { Db } from '../../../db/port'
import { isoCache } from '../../../util/dates'
import type { Progress } from '../generate'
import { simulateRetail, type RetailOptions } from './simulate'
import { RETAIL_DATASET, writeRetailSample } from './write'
import type { GenerateSummary } from '../../../../shared/data/results'

export interface RetailSummary extends GenerateSummary {
  dataset: string
  stores: number
  brands: number
  weeks: number
}

/**
 * Generates the retail panel (stores × brands × weeks) and writes it as the dataset
 * `retail_sample` with its truth; the EdTech sample tables and other datasets stay.
 */
export function generateRetailSample(
  db: Db,
  options: RetailOptions,
  onProgress: (p: Progress) => void = () => {},
  now: () => number = Date.now
): RetailSummary {
  if (!Number.isInteger(options.seed) || options.seed < 0)
    throw new Error('seed must be a non-negative integer')
  if (!(options.scale > 0 && options.scale <= 100))
    throw new Error('scale must be greater than 0 and at most 100')
  if (options.weeks !== undefined && !(Number.isInteger(options.weeks) && options.weeks >= 2))
    throw new Error('weeks must be an integer of at least 2')
  const t0 = now()
  onProgress({ percent: 0, message: 'Simulating stores, brands and weekly sales' })
  const world = simulateRetail(options)
  onProgress({ percent: 40, message: 'Writing the retail_sample dataset' })
  const counts = writeRetailSample(db, world, new Date(t0).toISOString(), (p) =>
    onProgress({ percent: 40 + p * 0.6, message: 'Writing the retail_sample dataset' })
  )
  onProgress({ percent: 100, message: 'Done' })
  const day = isoCache()
  return {
    seed: options.seed,
    scale: options.scale,
    startDate: day(world.startDay),
    endDate: day(world.startDay + 7 * world.weeks - 1),
    counts,
    ms: now() - t0,
    dataset: RETAIL_DATASET,
    stores: world.stores.length,
    brands: world.items.length / world.stores.length,
    weeks: world.weeks
  }
}
