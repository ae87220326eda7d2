import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const root = join(__dirname, '../..')

/** The modules a fresh process has loaded after requiring these files (tsx compiles the sources). */
function loadedAfter(files: string[]): string[] {
  const code = `${files.map((f) => `require(${JSON.stringify(join(root, f))});`).join('')}
process.stdout.write(JSON.stringify(Object.keys(require.cache)))`
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8' }))
}

describe('the spreadsheet library is loaded only when a workbook is read', () => {
  it('starting the backend, the browser-mode server and the CLI does not load it', () => {
    const loaded = loadedAfter(['src/backend/backend.ts', 'src/server/server.ts', 'src/cli/index.ts'])
    expect(loaded.some((m) => m.includes('better-sqlite3'))).toBe(true)
    expect(loaded.filter((m) => m.includes('@e965'))).toEqual([])
  })

  it('reading a workbook loads it', () => {
    const loaded = loadedAfter(['src/core/data/import/xlsx.ts'])
    expect(loaded.some((m) => m.includes('@e965'))).toBe(true)
  })
})

describe('the Parquet libraries are loaded only when a Parquet file is opened', () => {
  it('starting the backend, the browser-mode server and the CLI does not load them (~150 ms of the CLI start)', () => {
    const loaded = loadedAfter([
      'src/backend/backend.ts',
      'src/server/server.ts',
      'src/cli/index.ts',
      'src/cli/commands.ts'
    ])
    expect(loaded.some((m) => m.includes('better-sqlite3'))).toBe(true)
    expect(loaded.filter((m) => m.includes('apache-arrow') || m.includes('parquet-wasm'))).toEqual([])
  })
})
