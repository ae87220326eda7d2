import { chromium } from 'playwright-core'
const [, , url, out, y] = process.argv
;(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
  const p = await b.newPage({ viewport: { width: 1100, height: 1500 } })
  await p.goto(url)
  await p.mouse.wheel(0, Number(y ?? 0))
  await p.waitForTimeout(300)
  await p.screenshot({ path: out })
  await b.close()
})()
