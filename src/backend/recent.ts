import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { z } from 'zod'
import { readJson, saveJson, type SavedFormat } from '../core/db/saved-json'
import type { RecentProject } from '../shared/api'
import { pricelabHome, PROJECT_EXTENSION } from './paths'

const MAX_RECENT = 12

type Entry = { path: string; openedAt: string }

/** recent.json: version 0 was the bare list. */
export const RECENT_FORMAT: SavedFormat<Entry[]> = {
  what: 'list of recent projects',
  version: 1,
  list: true,
  schema: z.array(z.object({ path: z.string(), openedAt: z.string() }))
}

function file(): string {
  return join(pricelabHome(), 'recent.json')
}

/** A CLI command's scratch project (mkdtemp "pricelab-…" in the temp folder): never a recent project. */
export function isScratchProject(path: string): boolean {
  const dir = dirname(resolve(path))
  // mkdtemp appends six characters: "pricelab-Ab12Cd" (elasticity --csv), "pricelab-abtest-Ab12Cd" (abtest analyze).
  return dirname(dir) === resolve(tmpdir()) && /^pricelab-(abtest-)?[A-Za-z0-9]{6}$/.test(basename(dir))
}

export function listRecent(): RecentProject[] {
  let entries: Entry[] = []
  if (existsSync(file()))
    try {
      entries = readJson(RECENT_FORMAT, readFileSync(file(), 'utf8'))
    } catch (e) {
      // The list is a convenience: a damaged or newer one starts afresh, and says why.
      console.warn(`PriceLab: ignoring ${file()}: ${(e as Error).message}`)
    }
  return entries
    .filter((e) => !isScratchProject(e.path))
    .map((e) => ({ ...e, name: basename(e.path, PROJECT_EXTENSION), exists: existsSync(e.path) }))
}

export function rememberRecent(path: string): void {
  if (isScratchProject(path)) return
  const entries = listRecent()
    .filter((e) => e.path !== path)
    .map(({ path: p, openedAt }) => ({ path: p, openedAt }))
  entries.unshift({ path, openedAt: new Date().toISOString() })
  // Write-then-rename: a crash never leaves a half-written list.
  const tmp = `${file()}.tmp`
  writeFileSync(tmp, saveJson(RECENT_FORMAT, entries.slice(0, MAX_RECENT)))
  renameSync(tmp, file())
}
