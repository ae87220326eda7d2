import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { RecentProject } from '../shared/api'
import { pricelabHome, PROJECT_EXTENSION } from './paths'

const MAX_RECENT = 12

function file(): string {
  return join(pricelabHome(), 'recent.json')
}

export function listRecent(): RecentProject[] {
  let entries: { path: string; openedAt: string }[] = []
  try {
    entries = JSON.parse(readFileSync(file(), 'utf8')) as typeof entries
  } catch {
    entries = []
  }
  return entries.map((e) => ({ ...e, name: basename(e.path, PROJECT_EXTENSION), exists: existsSync(e.path) }))
}

export function rememberRecent(path: string): void {
  const entries = listRecent()
    .filter((e) => e.path !== path)
    .map(({ path: p, openedAt }) => ({ path: p, openedAt }))
  entries.unshift({ path, openedAt: new Date().toISOString() })
  // Write-then-rename: a crash never leaves a half-written list.
  const tmp = `${file()}.tmp`
  writeFileSync(tmp, JSON.stringify(entries.slice(0, MAX_RECENT), null, 2))
  renameSync(tmp, file())
}
