import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The repository's root (the scans report paths relative to it). */
export const root = join(__dirname, '..', '..')

/** Every .ts/.tsx file below a folder. */
export function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []
  )
}
