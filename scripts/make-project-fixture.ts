/** Saves a small project with the current code as test/fixtures/projects/release-<version>.pricelab.gz (run: npx tsx scripts/make-project-fixture.ts). */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fixtureFiles, makeProjectFixture } from '../test/fixtures/projects/make'

const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string
}
if (existsSync(fixtureFiles(version).project) && !process.argv.includes('--force')) {
  // A release's fixture is what that release wrote: keep it; bump package.json's version for a new one.
  console.error(`${fixtureFiles(version).project} exists; pass --force to replace it`)
  process.exit(2)
}
const started = Date.now()
makeProjectFixture(version).then(
  (figures) => {
    const files = fixtureFiles(version)
    console.log(`wrote ${files.project} and ${files.figures} in ${Date.now() - started} ms`)
    console.log(JSON.stringify(figures.pricing))
    // The training workers keep the event loop alive; the work is done.
    process.exit(0)
  },
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  }
)
