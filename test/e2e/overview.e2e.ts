import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { startApp, OUTPUT, type App } from './harness'
import { CHROMIUM_ARGS } from './harness'
import { chromium } from 'playwright-core'

let app: App

beforeAll(async () => {
  app = await startApp()
}, 120_000)
afterAll(async () => {
  await app?.close()
})

describe('Overview page in browser mode', () => {
  it('runs the whole study on the sample data and shows the report', async () => {
    const p = app.page
    await p.getByTestId('kpi-elasticity').waitFor()
    await p.getByRole('button', { name: 'Run the study' }).click()
    await p.getByTestId('job-progress').waitFor()
    const frame = p.getByTestId('report-frame')
    await frame.waitFor({ timeout: 240_000 })
    // The KPIs now come from the run's results.
    await p.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => p.getByTestId('kpi-elasticity').textContent()).toMatch(/R² 0\.\d{3}/)
    expect(await p.getByTestId('kpi-uplift').textContent()).toMatch(/[+-]\d+\.\d\d%/)
    expect(await p.getByTestId('runs-table').locator('tbody tr').count()).toBe(1)
    await p.screenshot({ path: join(OUTPUT, '14-overview.png') })
  })

  it('the report file opens on its own in Chromium, with its tables and charts', async () => {
    const p = app.page
    await p.getByRole('button', { name: 'Report' }).first().click()
    const frame = p.frameLocator('[data-testid="report-frame"]')
    await frame.getByRole('heading', { name: 'Price elasticity' }).waitFor()
    // Open the written file directly, as a client would: no network, everything inline.
    const dir = (await p.getByText(/^Folder: /).textContent())?.match(/Folder: (.*?) ·/)?.[1] as string
    // Save as PDF in browser mode: a real PDF printed by the backend's headless Chromium.
    const [pdf] = await Promise.all([
      p.waitForEvent('download', { timeout: 120_000 }),
      p.getByTestId('save-pdf').click()
    ])
    const pdfPath = join(app.home, 'report.pdf')
    await pdf.saveAs(pdfPath)
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-')
    await p.getByRole('button', { name: 'Close' }).click()
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } })
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await page.goto(`file://${join(dir, 'report.html')}`)
      for (const h of [
        'Data',
        'Price elasticity',
        'Learner propensity',
        'Price recommendations',
        'A/B test plan'
      ])
        await page.getByRole('heading', { name: h }).waitFor()
      expect(await page.locator('table').count()).toBeGreaterThanOrEqual(8)
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3)
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true)
      await page.screenshot({ path: join(OUTPUT, '15-report.png') })
    } finally {
      await browser.close()
    }
  })
})
