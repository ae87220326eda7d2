/** The data, transaction, project and job calls' results parse with their output schemas (issue 32), on both samples. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { Backend } from '../../src/backend/backend'
import { api, type ApiArgs, type ApiName, type ApiResult } from '../../src/shared/api'
import { SAMPLE_KINDS, type SampleKind } from '../../src/shared/data'
import { tempDir, writeFile } from '../helpers'

process.env.PRICELAB_HOME ??= tempDir()

const backends: Backend[] = []
afterAll(() => backends.forEach((b) => b.close()))

/** Calls through the Backend and parses the result with the call's output schema (throws on a mistyped field). */
async function parsed<K extends ApiName>(b: Backend, name: K, args: ApiArgs<K>): Promise<ApiResult<K>> {
  const result = await b.call(name, args)
  const output: unknown = api[name].output
  if (!(output && typeof output === 'object' && 'parse' in output && typeof output.parse === 'function'))
    throw new Error(`${name} has no output schema`)
  output.parse(result)
  return result
}

const SALES_CSV = 'week,sku,price,units,cost\n2025-01-06,a,10,5,4\n2025-01-06,b,0,3,1\n2025-01-13,a,11,4,12\n'

describe.each(SAMPLE_KINDS)('the %s sample: data calls return what their schemas say', (kind: SampleKind) => {
  const b = new Backend({ mode: 'cli', version: 'test' })
  backends.push(b)
  let table = ''

  beforeAll(async () => {
    b.openProject(join(tempDir(), `${kind}.pricelab`), { create: true })
    const s = await parsed(b, 'data:generate', { jobId: 'gen', seed: 3, scale: 0.05, kind })
    expect(s.kind).toBe(kind)
  })

  it('app and project', async () => {
    await parsed(b, 'app:info', {})
    expect((await parsed(b, 'project:current', {}))?.path).toContain(kind)
    await parsed(b, 'project:recent', {})
    await parsed(b, 'project:compact', {})
  })

  it('tables, datasets, rows and summaries', async () => {
    const tables = await parsed(b, 'data:tables', {})
    table = tables.find((t) => t.rows > 0)?.name ?? ''
    expect(table).not.toBe('')
    const datasets = await parsed(b, 'data:datasets', {})
    expect(datasets.length).toBe(kind === 'retail' ? 1 : 0)
    const page = await parsed(b, 'data:rows', {
      table,
      offset: 0,
      limit: 20,
      filters: [{ column: tables.find((t) => t.name === table)?.columns[0].name ?? '', op: 'notEmpty' }]
    })
    expect(page.rows.length).toBeGreaterThan(0)
    await parsed(b, 'data:summary', { table })
    await parsed(b, 'export:table', { table })
  })

  it('staging, preview and import of a CSV', async () => {
    const path = writeFile(tempDir(), 'sales.csv', SALES_CSV)
    const { fileId } = await parsed(b, 'file:stagePath', { path })
    const preview = await parsed(b, 'import:preview', { fileId })
    expect(preview.header).toEqual(['week', 'sku', 'price', 'units', 'cost'])
    expect((await parsed(b, 'import:missingCounts', { fileId })).rows).toBe(3)
    const result = await parsed(b, 'import:run', {
      jobId: 'imp',
      fileId,
      plan: {
        columns: preview.columns.map((c) => ({ source: c.name, target: c.name, type: c.type })),
        target: {
          kind: 'dataset',
          name: 'sales',
          roles: { period: 'week', item: 'sku', price: 'price', quantity: 'units', cost: 'cost' }
        }
      }
    })
    expect(result.impossible?.nonpositive_price.count).toBe(1)
    expect(result.impossible?.cost_above_price.count).toBe(1)
  })

  it("the sample's transaction log: export, preview, import", async () => {
    const log = await parsed(b, 'export:transactions', { kind })
    const read = { fileId: log.fileId }
    const preview = await parsed(b, 'import:transactionsPreview', { ...read, recipe: log.recipe })
    expect(preview.rows).toBe(log.rows)
    const built = await parsed(b, 'import:transactions', {
      jobId: 'tx',
      ...read,
      name: 'from_log',
      recipe: log.recipe
    })
    expect(built.rows).toBe(log.rows)
  })

  it('jobs', async () => {
    const jobs = await parsed(b, 'job:list', {})
    expect(jobs.finished.length).toBeGreaterThan(0)
    expect((await parsed(b, 'job:cancel', { jobId: 'none' })).cancelled).toBe(false)
  })
})

describe('the output schemas refuse a mistyped result', () => {
  it('a row count as text, a missing column list', () => {
    const table = {
      name: 't',
      kind: 'seed',
      dataset: null,
      rows: 3,
      columns: [{ name: 'a', type: 'integer' }]
    }
    expect(api['data:tables'].output.safeParse([table]).success).toBe(true)
    expect(api['data:tables'].output.safeParse([{ ...table, rows: '3' }]).success).toBe(false)
    expect(api['data:tables'].output.safeParse([{ ...table, columns: undefined }]).success).toBe(false)
    expect(
      api['data:rows'].output.safeParse({ columns: [], rows: [[{}]], total: 1, offset: 0 }).success
    ).toBe(false)
  })
})
