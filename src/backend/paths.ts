import { homedir } from 'node:os'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'

/** Where PriceLab keeps its own files: recent projects, staged uploads, exports. PRICELAB_HOME overrides. */
export function pricelabHome(): string {
  const dir = process.env.PRICELAB_HOME || join(homedir(), '.pricelab')
  mkdirSync(dir, { recursive: true })
  return dir
}

export function projectsDir(): string {
  const dir = join(pricelabHome(), 'projects')
  mkdirSync(dir, { recursive: true })
  return dir
}

export function scratchDir(kind: 'uploads' | 'exports' | 'reports'): string {
  const dir = join(pricelabHome(), kind)
  mkdirSync(dir, { recursive: true })
  return dir
}

export const PROJECT_EXTENSION = '.pricelab'
