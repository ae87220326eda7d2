import { describe, expect, it } from 'vitest'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_DESIGN } from '../../src/shared/experiments'
import { strataLabel } from '../../src/core/experiments/strata-label'
import { tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'

describe('an A/B plan of imported items names the stratification in the data’s terms (issue 16)', () => {
  it('says the dataset’s segment column ("family"), never "category" the data does not have', async () => {
    const { db } = await importSalesDataset(tempDir(), { items: 30, weeks: 12, seed: 4 })
    const b = new Backend({ mode: 'cli', version: 'test' })
    b.openProject(db, { create: false })
    try {
      const base = { ...DEFAULT_DESIGN, units: 'items' as const, dataset: 'sales', mde: null }
      const bySegment = await b.call('experiments:design', { design: { ...base, stratify: 'category' } })
      expect(bySegment.stratified_by).toBe('family')
      expect(new Set(bySegment.strata.map((s) => s.stratum))).toEqual(new Set(['A', 'B', 'C']))
      const byTier = await b.call('experiments:design', { design: { ...base, stratify: 'price_tier' } })
      expect(byTier.stratified_by).toBe('price tier')
    } finally {
      b.close()
    }
  })

  it('keeps "category" for the EdTech courses, and "segment" for items without a segment column', () => {
    expect(strataLabel('category', 'courses')).toBe('category')
    expect(strataLabel('category', 'items', null)).toBe('segment')
    expect(strataLabel('none', 'items')).toBe('nothing (complete randomization)')
  })
})
