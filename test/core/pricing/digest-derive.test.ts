// Issue 33 (s11-cold): the digest depended on the run's controls, so one had to be made per run and none could be
// made before a run existed. The digest made with every control (the dataset's base digest) now answers every run
// that keeps the period: narrowed to the run's controls it is the run's own digest, bit for bit.
import { describe, expect, it } from 'vitest'
import { newDb } from '../../helpers'
import type { Db } from '../../../src/core/db/port'
import { drawTable, importTable } from './drawn-tables'
import { loadDatasetPanel, selectControls } from '../../../src/core/elasticity/panel'
import { digestFor, pricingRows, type PricingDigest } from '../../../src/core/pricing/digest'
import { streamDigest } from '../../../src/core/pricing/digest-stream'
import { forControls, likelyDerivable } from '../../../src/core/pricing/digest-derive'
import { Rng } from '../../../src/core/util/rng'

function streamed(db: Db, name: string, controls?: string[]): PricingDigest {
  const d = streamDigest(db, name, pricingRows(db, name), controls)
  expect(d).not.toBeNull()
  return d as PricingDigest
}

function whole(db: Db, name: string, controls?: string[]): PricingDigest {
  return digestFor(selectControls(loadDatasetPanel(db, name), controls), pricingRows(db, name))
}

/** A random subset of the base's controls, in a random order, keeping the period's trend when asked. */
function drawControls(rng: Rng, base: PricingDigest, keepTrend: boolean): string[] {
  const names = base.panel.controls.map((c) => c.name)
  const chosen = names.filter((n) => (n.endsWith('(trend)') ? keepTrend : rng.next() < 0.5))
  for (let i = chosen.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    ;[chosen[i], chosen[j]] = [chosen[j], chosen[i]]
  }
  return chosen
}

describe('the base digest narrowed to a run’s controls', () => {
  it('is the run’s own digest, bit for bit, streamed or from the whole panel', async () => {
    const db = newDb()
    const rng = new Rng(7)
    let narrowed = 0
    let seasonDropped = 0
    for (let seed = 1; seed <= 30; seed++) {
      const d = drawTable(seed)
      const name = `t${seed}`
      await importTable(db, name, d)
      const baseStream = streamed(db, name)
      const baseWhole = whole(db, name)
      const period = d.period ? 'week' : null
      for (let k = 0; k < 4; k++) {
        const controls = drawControls(rng, baseStream, true)
        const label = `seed ${seed}, controls ${controls.join('+')}`
        expect(likelyDerivable(controls, period), label).toBe(true)
        const fromStream = forControls(baseStream, controls, period)
        expect(fromStream, label).toEqual(streamed(db, name, controls))
        expect(forControls(baseWhole, controls, period), label).toEqual(whole(db, name, controls))
        if ((fromStream as PricingDigest).panel.controls.length < baseStream.panel.controls.length) narrowed++
        if (baseStream.season && !fromStream?.season) seasonDropped++
      }
      expect(forControls(baseStream, undefined, period)).toBe(baseStream)
    }
    expect(narrowed).toBeGreaterThan(60)
    expect(seasonDropped).toBeGreaterThan(10)
  })

  it('does not answer a run that leaves out the period (its latest rows are others), and names unknown controls', async () => {
    const db = newDb()
    let refused = 0
    for (let seed = 1; seed <= 12; seed++) {
      const d = drawTable(seed)
      if (!d.period) continue
      await importTable(db, `p${seed}`, d)
      const base = streamed(db, `p${seed}`)
      if (!base.panel.controls.some((c) => c.name === 'week (trend)')) continue
      expect(likelyDerivable(['store'], 'week')).toBe(false)
      expect(forControls(base, ['store'], 'week')).toBeNull()
      refused++
      expect(() => forControls(base, ['nope', 'week (trend)'], 'week')).toThrow(
        /^unknown feature "nope" \(available: .*week \(trend\)/
      )
      expect(() => streamed(db, `p${seed}`, ['nope', 'week (trend)'])).toThrow(/^unknown feature "nope"/)
    }
    expect(refused).toBeGreaterThan(3)
  })
})
