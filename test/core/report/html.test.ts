import { describe, expect, it } from 'vitest'
import { renderReport } from '../../../src/core/report/html'
import type { StudyReport } from '../../../src/core/pipeline/study'

const base: StudyReport = {
  name: 'Q1 <script>alert(1)</script> & "friends"',
  created_at: '2026-01-01T00:00:00.000Z',
  project: '/tmp/p.pricelab',
  config: {},
  stages: [{ stage: 'data', status: 'ok', ms: 10, message: '<img src=x onerror=alert(1)>' }],
  data: {
    tables: [{ name: 'ds_<b>', kind: 'dataset', rows: 3, columns: 2 }],
    missing: [],
    sample: null
  },
  features: null,
  elasticity: null,
  propensity: null,
  pricing: null,
  experiment: null,
  files: { report_html: 'report.html' }
}

describe('the study report', () => {
  it('is one self-contained document with every text escaped', () => {
    const html = renderReport(base)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('Q1 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;')
    expect(html).toContain('ds_&lt;b&gt;')
    // Nothing is fetched: no external URL, stylesheet link or script source.
    expect(html).not.toMatch(/(src|href)=["']?https?:/i)
    expect(html).not.toMatch(/<link /i)
  })
})
