import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { Backend } from '../../src/backend/backend'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../src/shared/experiments'
import { Rng } from '../../src/core/util/rng'
import { tempDir, cli } from '../helpers'
import { importSalesDataset } from './fixtures/sales-dataset'

const design = (patch: Partial<ExperimentDesign> = {}): ExperimentDesign => ({
  ...DEFAULT_DESIGN,
  name: 'minus-ten',
  mde: 0.25,
  start_date: '2026-01-05',
  ...patch
})

describe('A/B tests through the backend and the CLI', () => {
  it('plans, refuses what cannot work, exports a re-derivable plan, and analyzes returned results', async () => {
    const b = new Backend({ mode: 'cli', version: 'test' })
    const db = join(tempDir(), 'x.pricelab')
    b.openProject(db, { create: true })
    await b.call('data:generate', { jobId: 'g', seed: 8, scale: 0.2 })

    const preview = await b.call('experiments:design', { design: design() })
    expect(preview.units).toBe(400)
    // Stratified: every category split within one unit.
    for (const s of preview.strata) expect(Math.abs(s.arms.control - s.arms.treatment)).toBeLessThanOrEqual(1)
    expect(preview.balance.length).toBeGreaterThan(5)

    // Asking for more than the units can detect: refused with the MDE they can detect, nothing saved.
    await expect(b.call('experiments:save', { design: design({ mde: 0.01 }) })).rejects.toThrow(
      /too few units .*smallest detectable change with them is \d+\.\d\d%.*\(CUPED\): even then the smallest detectable change is \d+\.\d\d%/
    )
    expect(await b.call('experiments:list', {})).toEqual([])
    // One-unit strata and unknown pins are refused by name.
    await expect(
      b.call('experiments:design', {
        design: design({ stratify: 'category', exclude: [], pinned: [{ unit: '99999', arm: 'control' }] })
      })
    ).rejects.toThrow(/pinned units not found: 99999/)

    const saved = await b.call('experiments:save', { design: design(), acceptUnderpowered: true })
    expect(saved.fingerprint).toMatch(/^[0-9a-f]{16}$/)
    // Course plans are the EdTech sample's: listed with no dataset (the Experiments page files them under it).
    expect((await b.call('experiments:list', {})).map((x) => [x.name, x.dataset])).toEqual([
      ['minus-ten', null]
    ])
    const files = await b.call('experiments:export', { name: 'minus-ten' })
    const plan = readFileSync(b.files.get(files.plan.fileId).path, 'utf8').trimEnd().split('\r\n')
    expect(plan[0]).toBe('unit_id,arm,stratum,cluster,current_price,assigned_price,price_change_pct')
    expect(plan).toHaveLength(401)
    const summary = readFileSync(b.files.get(files.summary.fileId).path, 'utf8')
    expect(summary).toContain('algorithm,pricelab-assign-v1')
    expect(summary).toContain(`input_fingerprint,${saved.fingerprint}`)
    // Same seed and data: the same plan, byte for byte.
    const again = await b.call('experiments:export', { name: 'minus-ten' })
    expect(readFileSync(b.files.get(again.plan.fileId).path, 'utf8')).toBe(plan.join('\r\n') + '\r\n')

    // Results come back: conversion up as an elasticity of −1.5 predicts for −10%.
    const rng = new Rng(4)
    const lines = ['unit,arm,exposures,conversions,revenue']
    for (const row of plan.slice(1)) {
      const [unit, arm, , , , price] = row.split(',')
      const rate = 0.1 * (arm === 'treatment' ? 0.9 ** -1.5 : 1)
      const exposures = 200 + rng.int(100)
      let conv = 0
      for (let e = 0; e < exposures; e++) if (rng.bernoulli(rate)) conv++
      lines.push(`${unit},${arm},${exposures},${conv},${conv * Number(price)}`)
    }
    const resultsPath = join(tempDir(), 'results.csv')
    writeFileSync(resultsPath, lines.join('\n') + '\n')
    const staged = await b.call('file:stagePath', { path: resultsPath })
    const a = await b.call('experiments:analyze', { fileId: staged.fileId, experiment: 'minus-ten' })
    expect(a.srm.mismatch).toBe(false)
    expect(a.comparisons[0].implied_elasticity_ci!.low).toBeLessThan(-1.5)
    expect(a.comparisons[0].implied_elasticity_ci!.high).toBeGreaterThan(-1.5)
    expect((await b.call('experiments:get', { name: 'minus-ten' })).analysis?.verdict).toBe(a.verdict)
    b.close()

    const out = join(tempDir(), 'plan.csv')
    const r = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'courses',
      '--treatment',
      'change:-10%',
      '--stratify',
      'category',
      '--seed',
      '42',
      '--mde',
      '0.3',
      '--out',
      out,
      '--json'
    )
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.units).toBe(400)
    expect(j.arms.control + j.arms.treatment).toBe(400)
    expect(Math.abs(j.arms.control - j.arms.treatment)).toBeLessThanOrEqual(10)
    for (const k of ['max_abs_smd', 'required_units', 'mde']) expect(j).toHaveProperty(k)
    const an = await cli('abtest-analyze', '--results', resultsPath, '--json')
    expect(an.code).toBe(0)
    expect(JSON.parse(an.out).comparisons).toHaveLength(1)
  }, 60_000)
})

describe('A/B tests on an imported dataset', () => {
  it('plans a test of the analyst’s own items, stratified by their segment', async () => {
    const dir = tempDir()
    const { db } = await importSalesDataset(dir, { items: 120, weeks: 20, seed: 2 })
    const out = join(dir, 'plan.csv')
    const r = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--dataset',
      'sales',
      '--treatment',
      'change:+5%',
      '--stratify',
      'category',
      '--mde',
      '0.5',
      '--out',
      out,
      '--json'
    )
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.units).toBe(120)
    expect(Math.abs(j.arms.control - j.arms.treatment)).toBeLessThanOrEqual(3)
    const plan = readFileSync(out, 'utf8').trimEnd().split('\r\n')
    expect(plan).toHaveLength(121)
    const row = plan.find((l) => l.startsWith('S0,'))!.split(',')
    expect(row[2]).toBe('A')
    if (row[1] === 'treatment') expect(Number(row[5])).toBeCloseTo(Number(row[4]) * 1.05, 2)
    const missing = await cli(
      'abtest',
      '--db',
      db,
      '--units',
      'items',
      '--treatment',
      'change:+5%',
      '--out',
      out
    )
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/needs --dataset/)
  }, 60_000)
})
