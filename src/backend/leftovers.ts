/**
 * Temporary files a killed PriceLab left behind: a save-as copy (`.copy.pricelab.PID-xxxxxxxx.tmp`
 * and its `-journal`), an output being written, a report folder being staged
 * (`.REPORT.PID-xxxxxxxx.partial`). Their names carry the writer's process id, so one whose
 * process is gone is removed the next time PriceLab works in that folder; a living writer's
 * (another window, a CLI command) is left alone.
 */
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const LEFTOVER = /^\..+\.(\d+)-[0-9a-f]{8}\.(tmp|partial)(-journal|-wal|-shm)?$/

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: a process of another user holds that id, so it lives; ESRCH: gone.
    return (e as { code?: string }).code === 'EPERM'
  }
}

/** Removes the leftovers of dead writers in a folder; returns their names. Never fails the caller. */
export function cleanLeftovers(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    // A folder that cannot be listed has nothing we can clean.
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const m = LEFTOVER.exec(name)
    if (!m || alive(Number(m[1]))) continue
    try {
      rmSync(join(dir, name), { recursive: true, force: true })
      removed.push(name)
    } catch {
      // Not ours to remove after all (permissions): left for the user, never a reason to fail.
    }
  }
  return removed
}
