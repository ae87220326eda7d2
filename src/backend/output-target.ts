import { realpathSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DomainError } from '../shared/domain-error'

/** SQLite keeps a project's pending writes beside it: overwriting these corrupts the project too. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal']

/**
 * Refuses an output path (an export, a PDF, a new or saved-as project) that would
 * overwrite the open project or one of its SQLite side files. The CLI's `--out` and the
 * desktop's save dialogs both come through here, so both refuse the same paths.
 * Paths are compared after resolving symbolic links of the folders; case-insensitively
 * on Windows and macOS, whose default file systems ignore case.
 */
export function assertNotOpenProject(
  target: string,
  projectPath: string | null,
  platform: NodeJS.Platform = process.platform
): void {
  if (!projectPath) return
  const fold =
    platform === 'win32' || platform === 'darwin' ? (p: string) => p.toLowerCase() : (p: string) => p
  const out = fold(canonical(target))
  const project = canonical(projectPath)
  const hit = SIDE_FILES.find((s) => fold(project + s) === out)
  if (hit !== undefined)
    throw new OutputTargetError(
      `${target} is ${hit ? `a working file of ` : ''}the open project ${project}: writing there would destroy it. Choose another file name.`
    )
}

export class OutputTargetError extends DomainError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'OutputTargetError'
  }
}

/** Absolute path with the folder's symbolic links resolved (the file itself may not exist yet). */
function canonical(p: string): string {
  const abs = resolve(p)
  try {
    return realpathSync(abs)
  } catch {
    // The file does not exist yet (a new output): resolve its folder instead.
    try {
      return join(realpathSync(dirname(abs)), basename(abs))
    } catch {
      // Neither exists: the path as given; the write reports a missing folder by name.
      return abs
    }
  }
}
