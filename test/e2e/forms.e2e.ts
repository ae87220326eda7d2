import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Page } from 'playwright-core'
import { startApp, OUTPUT, type App, settled } from './harness'
import { Backend } from '../../src/backend/backend'
import { parseCall } from '../../src/shared/api'
import type { PricingSettings } from '../../src/shared/pricing'

/** Forms that cannot lie (issue 16): invalid text blocks the action with a message in the field's terms,
 * results computed with other settings are marked stale, a named scenario is not replaced unasked. */
let app: App

beforeAll(async () => {
  // The retail sample (brands, dollar prices) with one trained model and one price sheet, so the page has results.
  const project = join(mkdtempSync(join(tmpdir(), 'pricelab-e2e-forms-')), 'forms.pricelab')
  const b = new Backend({ mode: 'cli', version: 'test' })
  b.openProject(project, { create: true })
  await b.call('data:generate', { jobId: 'g', kind: 'retail', seed: 1, scale: 0.1 })
  await b.call('elasticity:train', { jobId: 'e', dataset: 'retail_sample', models: ['ols'] })
  await b.call('pricing:optimize', {})
  b.close()
  app = await startApp({ project })
  await app.page.setViewportSize({ width: 1440, height: 900 })
}, 240_000)
afterAll(async () => {
  await app?.close()
})

const shoot = async (p: Page, name: string) => {
  for (const scheme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme: scheme })
    // The theme's colour transitions settle before the shot.
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, `${name}-${scheme}.png`) })
  }
  await p.emulateMedia({ colorScheme: 'light' })
}

describe('Pricing settings', () => {
  it('blocks Optimize while a percent field holds text or 150 %, saying why in percent', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    await p.getByTestId('price-table').waitFor({ timeout: 60_000 })
    const optimize = p.getByTestId('optimize')
    const field = p.getByTestId('max-decrease')
    expect(await optimize.isEnabled()).toBe(true)
    // Results on screen match the form: nothing stale yet.
    expect(await p.getByTestId('stale-notice').count()).toBe(0)

    await field.fill('abc')
    expect(await optimize.isDisabled()).toBe(true)
    expect(await p.getByTestId('optimize-invalid').textContent()).toBe(
      'Fix first: Max decrease must be a number between 0 % and 99 %'
    )
    await field.fill('150')
    expect(await optimize.isDisabled()).toBe(true)
    const reason = (await p.getByTestId('optimize-invalid').textContent()) ?? ''
    expect(reason).toBe('Fix first: Max decrease must be between 0 % and 99 %')
    expect(reason).not.toMatch(/settings\.|0\.99|expected/)
    // The field says it too, under itself.
    expect(await p.getByText('Max decrease must be between 0 % and 99 %').count()).toBeGreaterThan(0)
    // Its error line does not lift it out of the guardrail row (it rose ~30 px above Max increase).
    const top = async (id: string) => (await p.getByTestId(id).boundingBox())?.y ?? NaN
    expect(Math.abs((await top('max-decrease')) - (await top('max-increase')))).toBeLessThan(2)
    await p.getByTestId('max-decrease').scrollIntoViewIfNeeded()
    await shoot(p, '60-forms-pricing-invalid')

    // Fixed: the action is back, and the results (computed with the old limit) are marked stale.
    await field.fill('25')
    expect(await optimize.isEnabled()).toBe(true)
    expect(await p.getByTestId('optimize-invalid').count()).toBe(0)
    await p.getByTestId('stale-notice').waitFor()
    expect(await p.getByTestId('stale-notice').getAttribute('data-stale')).toBe('settings')
    expect(await p.getByTestId('stale-notice').textContent()).toContain(
      'These results were computed with other settings'
    )
    await shoot(p, '61-forms-pricing-stale')
    // Run again: fresh, the banner goes.
    await optimize.click()
    await expect.poll(() => p.getByTestId('stale-notice').count(), { timeout: 60_000 }).toBe(0)
  })

  it('blocks limits that exclude each other before the server does', async () => {
    const p = app.page
    await p.getByTestId('min-price').fill('90')
    await p.getByTestId('max-price').fill('50')
    expect(await p.getByTestId('optimize').isDisabled()).toBe(true)
    expect(await p.getByTestId('optimize-invalid').textContent()).toBe(
      'Fix first: Min price must be at most the max price'
    )
    await p.getByTestId('max-price').fill('')
    expect(await p.getByTestId('optimize').isEnabled()).toBe(true)
    await p.getByTestId('min-price').fill('')
  })

  it('takes a list of ids typed key by key (the comma is not eaten)', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    const field = p.getByLabel('Locked items (ids, comma-separated)')
    await field.pressSequentially('S01-SUN, S02-SUN')
    expect(await field.inputValue()).toBe('S01-SUN, S02-SUN')
    await field.fill('')
    expect(await field.inputValue()).toBe('')
  })

  it('after a failed run: the refusal in the field terms, the results marked stale, not silently kept', async () => {
    const p = app.page
    // The server refuses as its schema check does (the real refusal of these settings with a 150 % max
    // decrease: message and issues): the page must say it in percent and by label, from the issues.
    await p.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { name: string; args: { settings: PricingSettings } }
      if (body.name !== 'pricing:optimize') return route.continue()
      const { settings } = body.args
      const refused = parseCall('pricing:optimize', {
        ...body.args,
        settings: { ...settings, guardrails: { ...settings.guardrails, max_decrease: 1.5 } }
      })
      if (!('error' in refused)) throw new Error('the schema accepted a 150 % max decrease')
      await route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: refused.error })
      })
    })
    await p.getByTestId('optimize').click()
    await p.getByTestId('pricing-error').waitFor({ timeout: 60_000 })
    expect(await p.getByTestId('pricing-error').textContent()).toBe(
      'Max decrease must be between 0 % and 99 %'
    )
    expect(await p.getByTestId('stale-notice').getAttribute('data-stale')).toBe('failed')
    // The price table is still there, dimmed under the banner.
    expect(await p.locator('[data-stale-results="failed"]').getByTestId('price-table').count()).toBe(1)
    await p.unroute('**/api/call')
    // A successful run clears both.
    await p.getByTestId('optimize').click()
    await expect.poll(() => p.getByTestId('stale-notice').count(), { timeout: 60_000 }).toBe(0)
    expect(await p.getByTestId('pricing-error').count()).toBe(0)
  })

  it('shows every column of the strategy table (the last one, "Clamped", was cut off beside the chart)', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    const table = p.getByTestId('strategy-table')
    await table.waitFor({ timeout: 60_000 })
    for (const [width, height] of [
      [1440, 900],
      [1280, 720]
    ]) {
      await p.setViewportSize({ width, height })
      await table.scrollIntoViewIfNeeded()
      // The table is as wide as its columns; its scrolling container was narrower (the last column hidden).
      const scroll = (await table.boundingBox())?.width ?? Infinity
      const client = (await table.locator('xpath=..').boundingBox())?.width ?? 0
      expect(scroll, `${width}×${height}`).toBeLessThanOrEqual(client + 0.5)
    }
    await p.setViewportSize({ width: 1440, height: 900 })
  })

  it('leaves out a Name column that repeats the item ids; names the blend price', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Pricing' }).click()
    await p.getByTestId('price-table').waitFor({ timeout: 60_000 })
    // The retail panel has no name column: each name was its item id, shown twice ("S15-ORC  S15-ORC").
    const head = await p.getByTestId('price-table').locator('thead th').allTextContents()
    expect(head).not.toContain('Name')
    expect(head).toContain('Blend price')
    expect(await p.getByTestId('winners').locator('thead th').allTextContents()).not.toContain('Name')
    expect(
      await p.getByTestId('price-table').locator('tbody tr td[data-col="recommended_price"]').count()
    ).toBe(25)
  })

  it('says the dataset’s segment, not “category”, on a brand panel', async () => {
    const text = (await app.page.locator('main').innerText()) ?? ''
    expect(text).toMatch(/Revenue change by brand/)
    expect(text).toMatch(/Band around competitor \/ brand avg/)
    expect(text).not.toMatch(/\bcategor(y|ies)\b/i)
  })
})

describe('Scenarios', () => {
  it('asks before replacing a saved scenario; Cancel keeps the old one', async () => {
    const p = app.page
    const list = p.getByTestId('scenario-list')
    await p.getByTestId('scenario-name').fill('Brands +5%')
    await p.getByTestId('change-0').fill('5')
    await p.getByTestId('save-scenario').click()
    await list.getByText('every item +5%').waitFor()

    // Text in a number field blocks saving, with the reason.
    await p.getByTestId('change-0').fill('abc')
    expect(await p.getByTestId('save-scenario').isDisabled()).toBe(true)
    expect(await p.getByTestId('scenario-invalid').textContent()).toMatch(
      /Change must be a number more than -100 %/
    )

    await p.getByTestId('change-0').fill('7')
    await p.getByTestId('save-scenario').click()
    const question = p.getByTestId('replace-scenario-question')
    await question.waitFor()
    expect(await question.textContent()).toMatch(/^Replace scenario “Brands \+5%”\?/)
    await settled(p)
    await p.screenshot({ path: join(OUTPUT, '62-forms-scenario-replace.png') })
    await p.getByRole('button', { name: 'Cancel' }).click()
    await question.waitFor({ state: 'detached' })
    expect(await list.textContent()).toContain('every item +5%')
    expect(await list.textContent()).not.toContain('every item +7%')

    await p.getByTestId('save-scenario').click()
    await p.getByTestId('replace-scenario').click()
    await list.getByText('every item +7%').waitFor()
    expect(await list.textContent()).not.toContain('every item +5%')
    expect(await list.locator('li').count()).toBe(1)
  })
})

describe('Experiments wizard', () => {
  it('blocks Next while power is 150 %, and marks the plan stale when the design changes', async () => {
    const p = app.page
    await p.getByRole('navigation').getByRole('button', { name: 'Experiments' }).click()
    await p.getByTestId('experiment-name').fill('brand-test')
    // The app bar's dataset is the wizard's: the retail items, no EdTech units to choose.
    // Named by the dataset and its item column (issue 26), e.g. "Rows of retail_sample (by item)".
    expect(await p.getByRole('combobox', { name: 'Units' }).textContent()).toMatch(
      /^Rows of retail_sample \(by .+\)$/
    )
    await shoot(p, '63-forms-experiments-units')
    const next = p.getByRole('button', { name: 'Next' })
    await next.click() // → Arms
    await p.getByTestId('arm-change-1').fill('-100')
    expect(await next.isDisabled()).toBe(true)
    expect(await p.getByTestId('design-invalid').textContent()).toBe(
      'Fix first: Price change must be more than -100 % and at most 1,000 %'
    )
    await p.getByTestId('arm-change-1').fill('-10')
    await next.click() // → Power
    await p.getByTestId('power-result').waitFor({ timeout: 60_000 })
    await p.getByTestId('power').fill('150')
    expect(await next.isDisabled()).toBe(true)
    expect(await p.getByTestId('design-invalid').textContent()).toBe(
      'Fix first: Power must be more than 50 % and less than 100 %'
    )
    await shoot(p, '64-forms-experiments-invalid')
    await p.getByTestId('power').fill('90')
    expect(await next.isEnabled()).toBe(true)
    // The plan on screen was computed for 80 % power: stale until computed again.
    await p.getByTestId('plan-stale').waitFor()
    await shoot(p, '65-forms-experiments-stale')
    await p.getByRole('button', { name: 'Compute', exact: true }).click()
    await expect.poll(() => p.getByTestId('plan-stale').count(), { timeout: 60_000 }).toBe(0)
    const text = (await p.locator('main').innerText()) ?? ''
    expect(text).not.toMatch(/\b(tokens?|enrollments?|learners?|courses?|categor(y|ies))\b/i)
  })
})
