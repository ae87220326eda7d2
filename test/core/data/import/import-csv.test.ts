import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { createReadStream } from 'node:fs'
import { Backend } from '../../../../src/backend/backend'
import { importCsv } from '../../../../src/core/data/import/import-csv'
import { previewCsv } from '../../../../src/core/data/import/preview'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { generateSampleData } from '../../../../src/core/data/sample/generate'
import { chunks, newDb, sha256, tempDir, writeFile } from '../../../helpers'
import type { ImportPlan } from '../../../../src/shared/data/calls'

const dataset = (name = 'sales', roles = {}): ImportPlan => ({ target: { kind: 'dataset', name, roles } })

async function planFor(text: string, name = 'sales', roles = {}): Promise<ImportPlan> {
  const p = await previewCsv(chunks(text, 64), 'f.csv')
  return {
    target: { kind: 'dataset', name, roles },
    columns: p.columns.map((c) => ({ source: c.name, target: c.name, type: c.type })),
    delimiter: p.delimiter,
    decimal: p.decimal
  }
}

describe('previewCsv', () => {
  it('infers integer, number, date and text columns and the delimiter', async () => {
    const p = await previewCsv(
      chunks('id;price;week;name\n1;12,5;2025-01-06;Café\n2;9,99;2025-01-13;"Bar; Grill"\n', 5),
      'f.csv'
    )
    expect(p.delimiter).toBe(';')
    expect(p.decimal).toBe(',')
    expect(p.columns.map((c) => c.type)).toEqual(['integer', 'number', 'date', 'text'])
  })
  it('rejects duplicate and empty column names on line 1', async () => {
    const err = (await previewCsv(chunks('a,b,A,\n1,2,3,4\n'), 'dup.csv').catch(
      (e: unknown) => e
    )) as CsvImportError
    expect(err.issues.map((i) => [i.line, i.column])).toEqual([
      [1, 3],
      [1, 4]
    ])
    expect(err.issues[0].message).toMatch(/duplicate column name "A"/)
  })
})

describe('importCsv', () => {
  it('imports a dataset with typed values and roles', async () => {
    const db = newDb()
    const text = 'sku,price,units,week\nA,10.5,3,2025-01-06\nB,,4,2025-01-13\n'
    const r = await importCsv(
      db,
      chunks(text),
      'f.csv',
      await planFor(text, 'sales', { item: 'sku', price: 'price', quantity: 'units' })
    )
    expect(r.rows).toBe(2)
    expect(db.prepare('SELECT * FROM ds_sales').all()).toEqual([
      { sku: 'A', price: 10.5, units: 3, week: '2025-01-06' },
      { sku: 'B', price: null, units: 4, week: '2025-01-13' }
    ])
    const meta = db
      .prepare<{ roles_json: string; version: number }>('SELECT roles_json, version FROM datasets')
      .get()
    expect(JSON.parse(meta!.roles_json)).toMatchObject({ item: 'sku', price: 'price' })
  })

  it('keeps a hostile header as a plain column name', async () => {
    const db = newDb()
    generateSampleData(db, { seed: 1, scale: 0.02 })
    const text = 'id,"x""; DROP TABLE learners; --"\n1,2\n'
    await importCsv(db, chunks(text), 'f.csv', await planFor(text, 'evil'))
    expect(db.prepare('SELECT count(*) AS n FROM learners').get()).toEqual({ n: 200 })
    expect(db.prepare('SELECT * FROM ds_evil').all()).toEqual([{ id: 1, 'x"; DROP TABLE learners; --': 2 }])
  })

  it('undoes formula escaping so export then import is the identity', async () => {
    const db = newDb()
    const text = "note\n'=SUM(A1)\n'-3\n''+x\n"
    await importCsv(db, chunks(text), 'f.csv', await planFor(text))
    expect(
      db
        .prepare('SELECT note FROM ds_sales')
        .all()
        .map((r) => r.note)
    ).toEqual(['=SUM(A1)', '-3', "'+x"])
  })

  it('appends to a seed table and checks its references', async () => {
    const db = newDb()
    generateSampleData(db, { seed: 1, scale: 0.02 })
    const ok = 'teacher_id,name,join_date,specialty,quality_score\n9001,New Teacher,2024-01-01,Music,4.2\n'
    await importCsv(db, chunks(ok), 't.csv', { target: { kind: 'table', table: 'teachers', mode: 'append' } })
    expect(db.prepare('SELECT name FROM teachers WHERE teacher_id = 9001').get()).toEqual({
      name: 'New Teacher'
    })
    const badRef =
      'enrollment_id,learner_id,course_id,enrollment_date,tokens_paid,completed,rating\n999999,1,424242,2025-02-01,10,0,\n'
    const err = (await importCsv(db, chunks(badRef), 'e.csv', {
      target: { kind: 'table', table: 'enrollments', mode: 'append' }
    }).catch((e: unknown) => e)) as CsvImportError
    expect(err.issues[0]).toMatchObject({ file: 'e.csv', line: 2 })
    expect(err.issues[0].message).toMatch(/course_id → courses/)
  })

  const BAD: [string, string, string | Uint8Array, ImportPlan | null, RegExp, number, number][] = [
    [
      'a wrong type',
      'type.csv',
      'id,price\n1,2.5\n2,abc\n',
      null,
      /expected a number, like 12.5, found "abc"/,
      3,
      2
    ],
    ['a ragged row', 'ragged.csv', 'id,price\n1,2\n2,3,4\n', null, /expected 2 fields, found 3/, 3, 3],
    [
      'an unterminated quote',
      'quote.csv',
      'id,name\n1,"open\n2,b\n',
      dataset(),
      /unterminated quoted field/,
      2,
      2
    ],
    ['an empty file', 'empty.csv', '', dataset(), /empty/, 1, 1],
    [
      'a non-UTF-8 file read as UTF-8',
      'latin1.csv',
      new Uint8Array([0x69, 0x64, 0x0a, 0x4d, 0xfc, 0x0a]),
      { ...dataset(), encoding: 'utf-8' },
      /invalid UTF-8 byte 0xFC/,
      2,
      1
    ],
    ['a duplicate column', 'dup.csv', 'id,id\n1,2\n', dataset(), /duplicate column name "id"/, 1, 2],
    [
      'a missing required column',
      'missing.csv',
      'teacher_id,name\n1,X\n',
      { target: { kind: 'table', table: 'teachers', mode: 'append' } },
      /missing required column "join_date"/,
      1,
      3
    ]
  ]

  for (const [what, file, content, explicitPlan, message, line, column] of BAD) {
    it(`rejects ${what} with file, line and column, and writes nothing`, async () => {
      const dir = tempDir()
      const projectPath = join(dir, 'p.pricelab')
      const b = new Backend({ mode: 'cli', version: 'test' })
      await b.ensureProject(projectPath, { sample: false })
      await b.project.lockWrite((db) => generateSampleData(db, { seed: 3, scale: 0.02 }))
      b.close()
      const before = sha256(projectPath)

      const b2 = new Backend({ mode: 'cli', version: 'test' })
      b2.openProject(projectPath, { create: false })
      const csv = writeFile(dir, file, content)
      const staged = b2.files.stagePath(csv)
      let plan = explicitPlan
      if (!plan)
        plan = await planFor(
          typeof content === 'string' ? content.split('\n').slice(0, 2).join('\n') + '\n' : ''
        )
      const r = await b2.dispatch('import:run', { jobId: 'j', fileId: staged.fileId, plan })
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.error.code).toBe('csv_error')
      expect(r.error.issues?.[0]).toMatchObject({ file, line, column })
      expect(r.error.issues?.[0].message).toMatch(message)
      const tables = await b2.call('data:tables', {})
      expect(tables.filter((t) => t.kind === 'dataset')).toEqual([])
      b2.close()
      expect(sha256(projectPath)).toBe(before)
    })
  }

  it('rolls back a large import that fails near its end', async () => {
    const dir = tempDir()
    const lines = ['id,value']
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i * 0.5}`)
    lines.push('50000,oops')
    const csv = writeFile(dir, 'late.csv', lines.join('\n') + '\n')
    const db = newDb(dir)
    const err = (await importCsv(db, createReadStream(csv, { highWaterMark: 4096 }), 'late.csv', {
      target: { kind: 'dataset', name: 'late', roles: {} },
      columns: [
        { source: 'id', target: 'id', type: 'integer' },
        { source: 'value', target: 'value', type: 'number' }
      ]
    }).catch((e: unknown) => e)) as CsvImportError
    expect(err.issues[0]).toMatchObject({ line: 50_002, column: 2, columnName: 'value' })
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ds_late'").get()).toEqual({
      n: 0
    })
    expect(db.prepare('SELECT count(*) AS n FROM datasets').get()).toEqual({ n: 0 })
  })

  it('cancels: nothing is kept', async () => {
    const db = newDb()
    const signal = { aborted: false }
    const text = 'id\n' + Array.from({ length: 20_000 }, (_, i) => String(i)).join('\n')
    let seen = 0
    const p = importCsv(
      db,
      chunks(text, 1024),
      'c.csv',
      { ...dataset('c'), columns: [{ source: 'id', target: 'id', type: 'integer' }] },
      {
        signal,
        onProgress: () => {
          if (++seen === 20) signal.aborted = true
        }
      }
    )
    await expect(p).rejects.toThrow(/cancelled/)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ds_c'").get()).toEqual({ n: 0 })
  })
})
