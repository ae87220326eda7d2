import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tempDir, writeFile, cli, customerChurnRun } from '../helpers'
import { customersToCsv, generateCustomers } from '../../src/core/propensity/customers/generate'
import { Rng } from '../../src/core/util/rng'

/**
 * Issue 29 item 7: a column copying the label gave AUC 1.0 for all three models and no warning.
 * Now such a column (a copy, or a number recorded after the outcome) is dropped with the reason,
 * said on stderr, and the models are judged without it.
 */
describe('label leakage', () => {
  it.each([21, 5])(
    'a copy of the label and a refund recorded after churn are dropped (seed %i)',
    async (seed) => {
      const t = generateCustomers(2000, seed)
      const churn = t.columns.find((c) => c.name === 'churn')!.values
      const rng = new Rng(seed)
      t.columns.push({
        name: 'churned_flag',
        type: 'text',
        values: churn.map((v) => (v === 'Yes' ? 'Y' : 'N'))
      })
      t.columns.push({
        name: 'refund_amount',
        type: 'number',
        values: churn.map((v) => (v === 'Yes' ? Math.round(rng.uniform(20, 80)) : 0))
      })
      const { run: r } = await customerChurnRun(tempDir(), customersToCsv(t), '--json')
      expect(r.code).toBe(0)
      const j = JSON.parse(r.out).targets[0]
      const leaks = j.dropped.filter((d: { reason: string }) => d.reason.startsWith('leaks the label'))
      expect(leaks.map((d: { column: string }) => d.column).sort()).toEqual(['churned_flag', 'refund_amount'])
      expect(leaks[0].reason).toMatch(
        /AUC 1\.000 \(a copy of the label, or a value recorded after the outcome\?\)/
      )
      expect(j.features.map((f: { column: string }) => f.column)).not.toContain('churned_flag')
      expect(r.err).toMatch(/warning: column "churned_flag" leaks the label.*dropped from the features/)
      expect(r.err).toMatch(/warning: column "refund_amount" leaks the label/)
      // Judged without the leak: the honest features' AUC, well below the copy's 1.0 and above chance.
      for (const m of j.models) expect(m.auc).toBeLessThan(0.95)
      expect(Math.max(...j.models.map((m: { auc: number }) => m.auc))).toBeGreaterThan(0.7)
    },
    120_000
  )

  it('a table whose only feature is the label copy is refused, naming the column', async () => {
    const dir = tempDir()
    const db = join(dir, 'c.pricelab')
    const rows = Array.from({ length: 400 }, (_, i) => `${i % 3 ? 'no' : 'yes'},${i % 3 ? 'N' : 'Y'}`)
    const csv = writeFile(dir, 'c.csv', ['churn,copy', ...rows].join('\n'))
    expect((await cli('import', '--db', db, '--dataset', 'c', csv)).code).toBe(0)
    const r = await cli('propensity', '--db', db, '--dataset', 'c', '--label', 'churn')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/no usable feature: "copy": leaks the label/)
  })
})
