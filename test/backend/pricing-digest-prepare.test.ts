// Issue 33 (s11-cold): the first optimize on a dataset read every row of it (17.5 s of a 29.6 s call at 10M rows).
// The dataset's base digest is now made ahead: after an import in the app (in the background), after training.
import { describe, expect, it } from 'vitest'
import { Backend } from '../../src/backend/backend'
import { planColumns } from '../../src/cli/import-flags'
import { tempDir } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'
import { digestCacheRows } from './fixtures/digest-cache-rows'

/** The sales CSV imported again under another name through the app's calls. */
async function importInApp(b: Backend, csv: string, name: string): Promise<void> {
  const { fileId } = await b.call('file:stagePath', { path: csv })
  const preview = await b.call('import:preview', { fileId })
  await b.call('import:run', {
    jobId: `i-${name}`,
    fileId,
    plan: {
      target: {
        kind: 'dataset',
        name,
        replace: false,
        roles: { item: 'sku', segments: ['family'], period: 'week', price: 'price', quantity: 'units' }
      },
      columns: planColumns(preview, undefined),
      delimiter: preview.delimiter,
      decimal: preview.decimal
    }
  })
}

describe('the pricing digest made ahead of the first optimize', () => {
  it('an import in the app makes it in the background; training finds it made and the optimize reads it', async () => {
    const dir = tempDir()
    const { db } = await importSalesDataset(dir, { items: 9, weeks: 26, seed: 5 })
    // The CLI's import makes none (its figure is the import's alone).
    expect(digestCacheRows(db, 'sales')).toEqual([])
    const b = new Backend({ mode: 'browser', version: 'test' })
    try {
      b.openProject(db, { create: false })
      await importInApp(b, `${dir}/sales.csv`, 'again')
      const making = b.digests.running(db, 'again')
      expect(making).toBeDefined()
      expect(await making).toMatchObject({ source: 'stream' })
      expect(digestCacheRows(db, 'again')).toMatchObject([{ hits: 0 }])
      expect(JSON.parse(digestCacheRows(db, 'again')[0].key)).toMatchObject({ controls: null })
      // Training looks for it and finds it made (nothing read again); the optimize reads it.
      const training = b.call('elasticity:train', { jobId: 't', dataset: 'again', models: ['ols'] })
      expect(await b.digests.running(db, 'again')).toMatchObject({ source: 'cache' })
      await training
      const entry = digestCacheRows(db, 'again')
      const priced = await b.call('pricing:optimize', {})
      // Read from the entry, which the read leaves as it was (nothing is written on a hit).
      expect(priced.digest_source).toBe('cache')
      expect(digestCacheRows(db, 'again')).toEqual(entry)
    } finally {
      b.close()
    }
  }, 120_000)

  it('the CLI’s training makes it before the command ends', async () => {
    const dir = tempDir()
    const { db } = await importSalesDataset(dir, { items: 7, weeks: 20, seed: 8 })
    const b = new Backend({ mode: 'cli', version: 'test' })
    try {
      b.openProject(db, { create: false })
      const training = b.call('elasticity:train', { jobId: 't', dataset: 'sales', models: ['ols'] })
      // Started with the training, beside it.
      expect(b.digests.running(db, 'sales')).toBeDefined()
      await training
      expect(b.digests.running(db, 'sales')).toBeUndefined()
      expect(digestCacheRows(db, 'sales')).toMatchObject([{ hits: 0 }])
    } finally {
      b.close()
    }
  }, 120_000)
})
