import type { Backend } from '../backend/backend'
import { checkOutput, publishFile } from '../backend/safe-output'

/**
 * Saves backend-produced files (exports) where the user asked: every destination is
 * checked before any is written (never the open project, never an SQLite file, an
 * existing file only with --force), each is written atomically, and the staged
 * copies are deleted after.
 */
export async function saveOutputs(
  b: Backend,
  outputs: { fileId: string; out: string }[],
  force: boolean | undefined
): Promise<void> {
  const protect = [b.project.path]
  for (const o of outputs) checkOutput(o.out, { force, protect })
  try {
    for (const o of outputs) await publishFile(b.files.get(o.fileId).path, o.out, { force, protect })
  } finally {
    for (const o of outputs) b.files.release(o.fileId)
  }
}

/** The same checks before any work starts, so a refused output costs nothing and writes nothing. */
export function checkOutputs(b: Backend, outs: string[], force: boolean | undefined): void {
  for (const out of outs) checkOutput(out, { force, protect: [b.project.path] })
}
