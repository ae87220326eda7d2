import { describe, expect, it } from 'vitest'
import { importCsv } from '../../../../src/core/data/import/import-csv'
import { fastConverter, SLOW } from '../../../../src/core/data/import/fast-convert'
import { convertValue } from '../../../../src/core/data/csv/types'
import { CsvImportError } from '../../../../src/core/data/csv/errors'
import { generateSampleData } from '../../../../src/core/data/sample/generate'
import { Rng } from '../../../../src/core/util/rng'
import { chunks, newDb } from '../../../helpers'
import type { ColumnType } from '../../../../src/shared/data'

/** Strings near the edges of every type: signs, dots, exponents, spaces, markers, dates around leap days. */
function fieldLike(rng: Rng): string {
  const alphabet = '0123456789012345678901234567890123456789.-+eE ,/NAnul\t'
  if (rng.next() < 0.3) {
    const y = [0, 99, 100, 1900, 2000, 2023, 2024, 2100, 9999][rng.int(9)]
    const m = rng.int(14)
    const d = rng.int(33)
    const p = (v: number, w: number) => String(v).padStart(w, '0')
    return rng.next() < 0.9 ? `${p(y, 4)}-${p(m, 2)}-${p(d, 2)}` : `${p(y, 4)}-${p(m, 2)}-${p(d, 2)}T10:00`
  }
  const n = rng.int(20)
  let s = ''
  for (let k = 0; k < n; k++) s += alphabet[rng.int(alphabet.length)]
  return rng.next() < 0.1 ? ['', 'NA', 'null', '-', ' 12', '12 ', '1e5', '.5', '5.', '+.'][rng.int(10)] : s
}

describe('the import fast path', () => {
  it('converts exactly as convertValue wherever it answers (20,000 edge-case fields a type, 3 seeds)', () => {
    const types: ColumnType[] = ['integer', 'number', 'date', 'text']
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed)
      let answered = 0
      for (const type of types) {
        const fast = fastConverter(type, '.', 'YYYY-MM-DD')
        for (let k = 0; k < 20_000; k++) {
          const raw = fieldLike(rng)
          const v = fast(raw)
          if (v === SLOW) continue
          answered++
          const slow = convertValue(raw, type, '.', 'YYYY-MM-DD')
          expect(slow, `${type} ${JSON.stringify(raw)}`).toEqual({ ok: true, value: v })
        }
      }
      expect(answered).toBeGreaterThan(20_000)
    }
    // Its edges: the largest safe integers and leap days go where they must.
    const int = fastConverter('integer', '.', undefined)
    expect(int('900719925474099')).toBe(900719925474099)
    expect(int('9007199254740993')).toBe(SLOW)
    const date = fastConverter('date', '.', 'YYYY-MM-DD')
    expect(date('2024-02-29')).toBe('2024-02-29')
    expect(date('2100-02-29')).toBe(SLOW)
    expect(convertValue('2100-02-29', 'date').ok).toBe(false)
    expect(fastConverter('number', ',', undefined)('1,5')).toBe(SLOW)
  })

  it('inserts in batches: every row in file order, across partial batches', async () => {
    const db = newDb()
    const lines = ['id,v,d,t']
    for (let i = 0; i < 1_000; i++)
      lines.push(`${i},${i / 4},2025-01-${String(1 + (i % 28)).padStart(2, '0')},x${i}`)
    const r = await importCsv(db, chunks(lines.join('\n') + '\n', 999), 'b.csv', {
      target: { kind: 'dataset', name: 'b', roles: {} },
      columns: [
        { source: 'id', target: 'id', type: 'integer' },
        { source: 'v', target: 'v', type: 'number' },
        { source: 'd', target: 'd', type: 'date' },
        { source: 't', target: 't', type: 'text' }
      ]
    })
    expect(r.rows).toBe(1_000)
    const got = db
      .prepare<{ id: number; v: number; t: string }>('SELECT id, v, t FROM ds_b ORDER BY rowid')
      .all()
    expect(got.map((x) => x.id)).toEqual(Array.from({ length: 1_000 }, (_, i) => i))
    expect(got.every((x) => x.v === x.id / 4 && x.t === `x${x.id}`)).toBe(true)
  })

  it('a refused row inside a batch is reported at its line, before later problems, and nothing is written', async () => {
    const db = newDb()
    generateSampleData(db, { seed: 1, scale: 0.02 })
    const before = db.prepare<{ n: number }>('SELECT count(*) AS n FROM teachers').get()?.n
    const lines = ['teacher_id,name,join_date,specialty,quality_score']
    for (let i = 0; i < 400; i++) lines.push(`${20_000 + i},T${i},2024-01-01,Music,4.2`)
    lines[151] = '20003,Again,2024-01-01,Music,4.2' // line 152: a duplicate of line 5, mid-batch
    lines[159] = '20159,Late,not a date,Music,4.2' // line 160: a wrong type in the same batch, read after it
    const err = (await importCsv(db, chunks(lines.join('\n') + '\n', 4096), 't.csv', {
      target: { kind: 'table', table: 'teachers', mode: 'append' }
    }).catch((e: unknown) => e)) as CsvImportError
    expect(err).toBeInstanceOf(CsvImportError)
    expect(err.issues.map((i) => i.line)).toEqual([152, 160])
    expect(err.issues[0].message).toMatch(/duplicate key/)
    expect(db.prepare<{ n: number }>('SELECT count(*) AS n FROM teachers').get()?.n).toBe(before)
  })
})
