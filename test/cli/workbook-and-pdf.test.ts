import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromiumPath } from '../../src/backend/study/report-pdf'
import { cli, tempDir } from '../helpers'
import { recalculatedSheets, sofficePath } from '../libreoffice'

const soffice = sofficePath()
const chromium = chromiumPath()
const pdftotext = ['/usr/bin/pdftotext'].find((p) => existsSync(p)) ?? null
if (!soffice) console.log('SKIP optimize --xlsx read-back: LibreOffice (soffice) is not installed')
if (!chromium) console.log('SKIP run --pdf: no Chromium (set CHROMIUM_PATH)')

/** The PDF's text by pdftotext (poppler-utils, installed by .ci/run); without it only the header is checked. */
function pdfText(path: string): string {
  if (pdftotext) return execFileSync(pdftotext, ['-layout', path, '-'], { encoding: 'utf8' })
  console.log('pdftotext (poppler-utils) missing: checking the PDF header and size only')
  return ''
}

describe('the workbook and the PDF from the CLI', () => {
  for (const kind of ['edtech', 'retail'] as const)
    it.skipIf(!soffice)(
      `optimize --xlsx writes a workbook whose Price sheet holds the run's rows as numbers, names as text (${kind})`,
      async () => {
        const dir = tempDir()
        const db = join(dir, 'w.pricelab')
        expect(
          (await cli('generate', '--db', db, '--kind', kind, '--seed', '2', '--scale', '0.05')).code
        ).toBe(0)
        // A name a spreadsheet would run as a formula, were it not written as text.
        const bad = await cli('optimize', '--db', db, '--xlsx', join(dir, 'prices.txt'))
        expect(bad.code).toBe(2)
        expect(bad.err).toMatch(/--xlsx .*prices\.txt.*must end in \.xlsx/)
        expect(existsSync(join(dir, 'prices.txt'))).toBe(false)
        const book = join(dir, 'prices.xlsx')
        const r = await cli('optimize', '--db', db, '--xlsx', book, '--json')
        expect(r.code).toBe(0)
        const out = JSON.parse(r.out)
        expect(out.xlsx).toBe(book)
        expect(out.out).toBeNull()
        const sheets = recalculatedSheets(soffice as string, book)
        expect([...sheets.keys()].sort()).toEqual([
          'Assumptions',
          'Price sheet',
          'Scenarios',
          'Segments',
          'What-if'
        ])
        const price = sheets.get('Price sheet') as string[][]
        expect(price[0].slice(0, 3)).toEqual(['Item', 'Name', expect.any(String)])
        out.rows.forEach(
          (row: { item_id: string; recommended_price: number; current_price: number }, i: number) => {
            expect(price[i + 1][0]).toBe(row.item_id)
            expect(Number(price[i + 1][4])).toBe(row.current_price)
            expect(Number(price[i + 1][5])).toBeCloseTo(row.recommended_price, 9)
          }
        )
        const assumptions = (sheets.get('Assumptions') as string[][]).map((x) => x[0])
        expect(assumptions).toEqual(
          expect.arrayContaining(['Data fingerprint', 'Pricing run', 'Objective', 'Costs'])
        )
      },
      240_000
    )

  it.skipIf(!chromium)(
    'run --pdf writes a real PDF of the report beside report.html (text read back)',
    async () => {
      const dir = tempDir()
      const db = join(dir, 's.pricelab')
      const config = join(dir, 'study.json')
      writeFileSync(
        config,
        JSON.stringify({
          name: 'PDF study',
          generate: { seed: 3, scale: 0.05 },
          elasticity: { models: ['ols'] },
          propensity: null,
          experiment: null
        })
      )
      const report = join(dir, 'report')
      const r = await cli('run', '--db', db, '--config', config, '--report', report, '--pdf', '--json')
      expect(r.err).toBe('')
      expect(r.code).toBe(0)
      const out = JSON.parse(r.out)
      expect(out.pdf).toBe(join(report, 'report.pdf'))
      const bytes = readFileSync(out.pdf)
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      expect(existsSync(join(report, 'price_workbook.xlsx'))).toBe(true)
      const text = pdfText(out.pdf)
      if (pdftotext) {
        expect(text).toMatch(/PDF study/)
        expect(text).toMatch(/elasticity/i)
      }
    },
    240_000
  )
})
