import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The built worker sits in out/main (this code may be bundled into out/main/chunks); tests use the source. */
export function workerScript(name: string): string {
  for (const dir of [__dirname, join(__dirname, '..')]) {
    const built = join(dir, `${name}.js`)
    if (existsSync(built)) return built
  }
  return join(__dirname, `${name}.ts`)
}
