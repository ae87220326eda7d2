// Issue 28, "numbers formatted once": every number a person reads (page, chart tooltip and axis, CLI text, core
// message, report, workbook) goes through the shared formatter (src/shared/format/numbers.ts), so a value reads
// the same everywhere. This scan finds the raw number-to-text calls that bypass it. The few left on purpose are
// listed below, each with the reason; an entry that no longer matches anything fails too, so the list stays true.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, sources } from './source-files'
import {
  count,
  megabytes,
  progress,
  pValue,
  seconds,
  settingPct,
  signed,
  significant,
  upTo
} from '../../src/shared/format/numbers'

const RAW = /\.toFixed\(|\.toLocaleString\(|\.toPrecision\(|Intl\.NumberFormat/

interface Allowed {
  file: string
  /** A piece of the line that is allowed (the call and what it formats). */
  line: string
  reason: string
}

const ALLOWED: Allowed[] = [
  {
    file: 'src/core/report/svg.ts',
    line: '.toFixed(1)}',
    reason: 'SVG geometry (x, widths): coordinates in the markup, not numbers anyone reads'
  },
  {
    file: 'src/core/data/import/xlsx.ts',
    line: 'v.toFixed(20)',
    reason: "an Excel cell's number turned into its exact decimal text for import: data, not display"
  },
  {
    file: 'src/renderer/src/pages/elasticity/recommended-curve.ts',
    line: 'Number(x.toPrecision(6))',
    reason: "rounds the curve's data points to 6 significant figures: a number handed to the chart, not text"
  },
  {
    file: 'src/renderer/src/pages/elasticity/ModelComparison.tsx',
    line: 'new Date(r.created_at).toLocaleString(',
    reason: "a run's date and time, not a number"
  }
]

function rawCalls(): { file: string; line: string }[] {
  return sources(`${root}/src`)
    .map((f) => relative(root, f))
    .filter((f) => !f.startsWith('src/shared/format/'))
    .flatMap((file) =>
      readFileSync(`${root}/${file}`, 'utf8')
        .split('\n')
        .map((line, i) => ({ file: `${file}:${i + 1}`, line: line.trim() }))
        .filter((l) => RAW.test(l.line))
    )
}

const allowedBy = (hit: { file: string; line: string }) =>
  ALLOWED.find((a) => hit.file.startsWith(`${a.file}:`) && hit.line.includes(a.line))

describe('one formatter for every number (issue 28)', () => {
  it('no toFixed / toLocaleString / toPrecision / Intl.NumberFormat outside src/shared/format but the allowed', () => {
    const stray = rawCalls().filter((h) => !allowedBy(h))
    expect(stray.map((h) => `${h.file}: ${h.line.slice(0, 120)}`)).toEqual([])
  })

  it('every allowed entry still matches a line and gives its reason', () => {
    const hits = rawCalls()
    for (const a of ALLOWED) {
      expect(a.reason.length, a.file).toBeGreaterThan(10)
      expect(
        hits.some((h) => allowedBy(h) === a),
        `${a.file}: ${a.line}`
      ).toBe(true)
    }
  })
})

describe('the kinds of number the formatter gained for them', () => {
  it('counts, bounded decimals, signs, p-values, progress, significant figures, megabytes', () => {
    expect(count(1234567)).toBe('1,234,567')
    expect(upTo(1000, 6)).toBe('1,000')
    expect(upTo(0.125, 4)).toBe('0.125')
    expect(upTo(-0.00001, 2)).toBe('0')
    expect(signed(0.1234, 3)).toBe('+0.123')
    expect(signed(-1.5)).toBe('-1.50')
    expect(signed(0.0001)).toBe('0.00')
    expect(pValue(0.0421)).toBe('p = 0.042')
    expect(pValue(0.0001)).toBe('p < 0.001')
    expect(progress(45.4)).toBe('45%')
    expect(progress(100.2)).toBe('100%')
    expect(significant(0.012345)).toBe('0.012')
    expect(megabytes(512 * 1048576)).toBe('512')
    expect(megabytes(524288)).toBe('0.50')
    expect(seconds(1234, 2)).toBe('1.23 s')
  })

  it('a percent the analyst set reads as typed: "+5%", not "+5.00%" (the saved scenarios list)', () => {
    expect(settingPct(5)).toBe('+5%')
    expect(settingPct(-2.5)).toBe('-2.5%')
    expect(settingPct(12.345)).toBe('+12.35%')
    expect(settingPct(0)).toBe('0%')
    expect(settingPct(-0.001)).toBe('0%')
  })
})
