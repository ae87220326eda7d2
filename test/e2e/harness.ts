import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const OUTPUT = join(__dirname, 'output')
const ROOT = join(__dirname, '../..')

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

export interface App {
  url: string
  home: string
  server: ChildProcess
  browser: Browser
  page: Page
  close(): Promise<void>
}

/** Starts the built browser-mode server (as a user would, via out/main/server.js) and a headless Chromium on it. */
export async function startApp(opts: { project?: string } = {}): Promise<App> {
  mkdirSync(OUTPUT, { recursive: true })
  const home = mkdtempSync(join(tmpdir(), 'pricelab-e2e-'))
  const args = [join(ROOT, 'out/main/server.js'), '--no-open']
  if (opts.project) args.push('--project', opts.project)
  const server = spawn(process.execPath, args, {
    env: { ...process.env, PRICELAB_HOME: home, DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  server.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000)
    server.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /browser mode: (\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)))
  })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(url)
  return {
    url,
    home,
    server,
    browser,
    page,
    async close() {
      await browser.close()
      server.kill('SIGTERM')
    }
  }
}

/** Chooses a dataset in the app bar's switcher and waits for its menu to fade out (so screenshots are clean). */
export async function chooseDataset(page: Page, id: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Dataset' }).first().click()
  await page.getByTestId(`dataset-option-${id}`).click()
  await waitInPage(
    page,
    `document.querySelector('[data-testid="dataset-switcher"]')?.value === ${JSON.stringify(id)}`
  )
  await page.locator('.MuiMenu-root').waitFor({ state: 'detached' })
}

/**
 * Waits until the page is still: no finite CSS transition or animation running (the theme's colour change, a menu
 * fading) and every visible chart drawn with its animation over (ECharts' "finished"). Screenshots wait on this
 * state, never on a fixed delay.
 */
export async function settled(page: Page): Promise<void> {
  await waitInPage(page, STILL)
}

/**
 * Waits until a condition (a JavaScript expression, as text: the test's TypeScript has no DOM types) holds in the
 * page, checked once per animation frame. Not `page.waitForFunction`: it compiles its predicate with eval inside
 * the page, which the app's Content-Security-Policy (no 'unsafe-eval') refuses; `page.evaluate` is compiled by
 * the DevTools protocol, which the policy does not govern.
 */
async function waitInPage(page: Page, condition: string): Promise<void> {
  await page.evaluate(
    `new Promise((resolve) => { const check = () => ((${condition}) ? resolve(true) : requestAnimationFrame(check)); check() })`
  )
}

/** The page's stillness, evaluated in the page (as text: the test's TypeScript has no DOM types). */
const STILL = `(() => {
  const moving = document.getAnimations().some((a) => {
    const t = a.effect && a.effect.getComputedTiming()
    return a.playState === 'running' && t !== null && t.iterations !== Infinity
  })
  const charts = [...document.querySelectorAll('[data-testid="echart"]')].filter(
    (e) => e.offsetWidth > 0 && e.offsetHeight > 0
  )
  return !moving && charts.every((e) => e.getAttribute('data-rendered') === 'true')
})()`
