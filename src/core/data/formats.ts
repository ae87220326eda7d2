import { z } from 'zod'
import { checksFieldsOf, type SavedFormat } from '../db/saved-json'
import type { DatasetInfo } from '../../shared/data/results'
import type { DatasetRoles } from '../../shared/data/roles'

/** datasets.columns_json: the dataset table's columns and their types. */
export const COLUMNS_FORMAT: SavedFormat<DatasetInfo['columns']> = {
  what: 'dataset column list',
  version: 1,
  list: true,
  schema: checksFieldsOf<DatasetInfo['columns']>(
    z.array(z.looseObject({ name: z.string(), type: z.enum(['integer', 'number', 'date', 'text']) }))
  )
}

const column = z.string().optional()
const columns = z.array(z.string()).optional()

/** datasets.roles_json: which column plays which part (item, price, quantity, …). */
export const ROLES_FORMAT: SavedFormat<DatasetRoles> = {
  what: 'dataset roles',
  version: 1,
  schema: checksFieldsOf<DatasetRoles>(
    z.looseObject({
      item: column,
      segments: columns,
      period: column,
      price: column,
      quantity: column,
      cost: column,
      competitor: column,
      features: columns
    })
  )
}

/** What the generator wrote (project_meta 'sample_data'). */
export interface SampleMeta {
  seed: number
  scale: number
  start: string
  end: string
  generatorVersion?: number
  /** 1 for the first generation, +1 at each regeneration: runs trained on an older one are stale. Absent: 1. */
  version?: number
}

export const SAMPLE_META_FORMAT: SavedFormat<SampleMeta> = {
  what: 'sample data description',
  version: 1,
  schema: checksFieldsOf<SampleMeta>(
    z.looseObject({ seed: z.number(), scale: z.number(), start: z.string(), end: z.string() })
  )
}
