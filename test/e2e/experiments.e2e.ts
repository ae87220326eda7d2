import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Rng } from '../../src/core/util/rng'

let app: App

beforeAll(async () => {
  app = await startApp()
}, 120_000)
afterAll(async () => {
  await app?.close()
})

describe('Experiments page in browser mode', () => {
  let planPath = ''

  it('designs a stratified test through the wizard, saves and exports it', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await p.getByRole('navigation').getByRole('button', { name: 'Experiments' }).click()
    await p.getByTestId('experiment-name').fill('minus-ten')
    await p.getByRole('button', { name: 'Next' }).click() // → Arms (control, treatment −10%)
    await p.getByRole('button', { name: 'Next' }).click() // → Power
    await p.getByTestId('power-result').waitFor()
    await p.getByTestId('mde').fill('15')
    // The plan on screen was computed for the old effect: marked stale until computed again.
    await p.getByTestId('plan-stale').waitFor()
    await p.getByRole('button', { name: 'Compute', exact: true }).click()
    await expect.poll(() => p.getByTestId('plan-stale').count()).toBe(0)
    await expect.poll(() => p.getByTestId('power-result').textContent()).toMatch(/two-sample t-test/)
    await p.getByRole('button', { name: 'Next' }).click() // → Assignment (stratified by category by default)
    await p.getByRole('button', { name: 'Next' }).click() // → Review
    const strata = p.getByTestId('strata-table')
    await strata.waitFor()
    // Each category split within one course of 50/50.
    for (const row of await strata.locator('tbody tr').all()) {
      const cells = await row.locator('td').allTextContents()
      expect(Math.abs(Number(cells[2]) - Number(cells[3]))).toBeLessThanOrEqual(1)
    }
    await p.getByTestId('balance-chart').getByTestId('echart').waitFor()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '12-experiments-review.png') })
    await p.getByRole('button', { name: 'Save experiment' }).click()
    await p.getByText(/Saved "minus-ten"/).waitFor()
    const downloads: string[] = []
    const done = new Promise<void>((resolve) => {
      p.on('download', async (d) => {
        const path = join(app.home, d.suggestedFilename())
        await d.saveAs(path)
        downloads.push(path)
        if (downloads.length === 2) resolve()
      })
    })
    await p.getByRole('button', { name: 'Download plan CSV and summary' }).click()
    await done
    planPath = downloads.find((x) => x.endsWith('experiment_plan.csv')) as string
    const summary = readFileSync(downloads.find((x) => x.endsWith('plan_summary.csv')) as string, 'utf8')
    expect(summary).toContain('algorithm,pricelab-assign-v1')
    expect(summary).toContain('stratify,category')
    expect(readFileSync(planPath, 'utf8').trimEnd().split('\r\n')).toHaveLength(2001)
    await p.getByTestId('experiments-table').getByText('minus-ten').waitFor()
  })

  it('analyzes a returned results file: sample ratio, intervals, verdict', async () => {
    const p = app.page
    const plan = readFileSync(planPath, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1)
    const rng = new Rng(12)
    const lines = ['unit,arm,exposures,conversions,revenue']
    for (const row of plan) {
      const [unit, arm, , , , price] = row.split(',')
      const rate = 0.08 * (arm === 'treatment' ? 0.9 ** -1.5 : 1)
      const exposures = 100 + rng.int(100)
      let conv = 0
      for (let e = 0; e < exposures; e++) if (rng.bernoulli(rate)) conv++
      lines.push(`${unit},${arm},${exposures},${conv},${conv * Number(price)}`)
    }
    const results = join(app.home, 'results.csv')
    writeFileSync(results, lines.join('\n') + '\n')
    await p.getByRole('tab', { name: 'Analyze results' }).click()
    await p.getByRole('combobox', { name: 'Plan' }).click()
    await p.getByRole('option', { name: 'minus-ten' }).click()
    await p.getByTestId('results-file').setInputFiles(results)
    await p.getByTestId('verdict').waitFor({ timeout: 30_000 })
    expect(await p.getByTestId('srm').textContent()).toMatch(/the split matches the plan/)
    expect(await p.getByTestId('verdict').textContent()).toMatch(/treatment vs control: conversion/)
    expect(await p.getByTestId('effects-table').textContent()).toMatch(/implied|−|-1\.\d/)
    await p.getByTestId('chart-conversion').getByTestId('echart').waitFor()
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '13-experiments-analysis.png') })
    expect(await p.getByTestId('method').textContent()).toMatch(
      /Analysed per randomized unit: delta method over units/
    )
    expect(await p.getByTestId('planned-size').textContent()).toMatch(/reached its planned size/)

    // A handful of rows, one in the wrong arm and one repeated: refused at first, then analysed knowingly.
    const few = [lines[0], ...lines.slice(1, 41)]
    const [u0, arm0, ...rest0] = few[1].split(',')
    few[1] = [u0, arm0 === 'control' ? 'treatment' : 'control', ...rest0].join(',')
    few.push(few[5])
    const small = join(app.home, 'small.csv')
    writeFileSync(small, few.join('\n') + '\n')
    await p.getByTestId('results-file').setInputFiles(small)
    await p.getByText(/do not match the plan: 1 in the wrong arm, 1 repeated/).waitFor()
    // The analysis on screen is the earlier file's: marked, not silently left as if it answered this one.
    expect(await p.getByTestId('analysis-stale').getAttribute('data-stale')).toBe('failed')
    await p.getByTestId('mismatch-policy').click()
    await p.getByRole('option', { name: 'Analyse the matching rows anyway' }).click()
    await p.getByTestId('results-file').setInputFiles(small)
    await p.getByTestId('plan-check').waitFor({ timeout: 30_000 })
    expect(await p.getByTestId('plan-check').textContent()).toMatch(/line 2: unit .* but the plan put it in/)
    expect(await p.getByTestId('planned-size').textContent()).toMatch(/Read early/)
    expect(await p.getByTestId('not-enough-data').textContent()).toMatch(
      /Not enough data to compare treatment with control/
    )
    expect(await p.getByTestId('verdict').textContent()).not.toMatch(/earns more/)
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '13b-experiments-analysis-problems.png'), fullPage: true })
    // A file with an unknown arm: located error, no analysis.
    const bad = join(app.home, 'bad.csv')
    writeFileSync(bad, 'unit,arm,exposures,conversions,revenue\n1,control,5,1,10\n2,treatmnt,5,1,10\n')
    await p.getByTestId('results-file').setInputFiles(bad)
    await p.getByText(/bad\.csv:3:2 \(column "arm"\): unknown arm "treatmnt"/).waitFor()
    expect(await p.getByTestId('analysis-stale').getAttribute('data-stale')).toBe('failed')
    // Re-read with another choice: the shown analysis was made without it, so it is stale until re-read.
    await p.getByTestId('results-file').setInputFiles(small)
    await expect.poll(() => p.getByTestId('analysis-stale').count(), { timeout: 30_000 }).toBe(0)
    await p.getByTestId('reading').click()
    await p.getByRole('option', { name: 'Sequential (valid at any look)' }).click()
    expect(await p.getByTestId('analysis-stale').getAttribute('data-stale')).toBe('settings')
    await p.getByRole('button', { name: 'Analyze again' }).click()
    await expect.poll(() => p.getByTestId('analysis-stale').count(), { timeout: 30_000 }).toBe(0)
  })
})
