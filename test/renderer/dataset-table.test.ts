import { describe, expect, it } from 'vitest'
import { tableOfDataset, tableToShow } from '../../src/renderer/src/data/dataset-table'
import type { TableInfo } from '../../src/shared/data/results'

const t = (name: string, rows: number, dataset: string | null = null): TableInfo => ({
  name,
  kind: dataset ? 'dataset' : 'seed',
  dataset,
  rows,
  columns: []
})
// The EdTech sample's tables come first in the project's list, the imported dataset last.
const tables = [
  t('learners', 10_000),
  t('course_price_history', 93_299),
  t('ds_retail_sample', 14_560, 'retail_sample')
]

describe('the Data page opens on the app bar’s dataset', () => {
  it('finds an imported dataset’s table and the EdTech sample’s', () => {
    expect(tableOfDataset(tables, 'retail_sample')).toBe('ds_retail_sample')
    expect(tableOfDataset(tables, 'sample:course_price_history')).toBe('course_price_history')
    expect(tableOfDataset(tables, 'gone')).toBeNull()
    expect(tableOfDataset(tables, '')).toBeNull()
  })
  it('shows the retail dataset, not the first table (learners), when retail is chosen', () => {
    expect(tableToShow(tables, null, 'retail_sample')).toBe('ds_retail_sample')
  })
  it('keeps a table the analyst clicked; falls back to the first table with rows', () => {
    expect(tableToShow(tables, 'learners', 'retail_sample')).toBe('learners')
    expect(tableToShow(tables, 'dropped', 'retail_sample')).toBe('ds_retail_sample')
    expect(tableToShow([t('teachers', 0), ...tables], null, '')).toBe('learners')
  })
})
