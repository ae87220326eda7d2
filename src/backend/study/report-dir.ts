import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs'
import { cleanLeftovers } from '../leftovers'
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { OutputRefusedError, siblingTemp } from '../safe-output'

/** Every file a study report folder can hold; a forced rerun removes the ones it does not write again. */
export const REPORT_FILES = [
  'report.html',
  'report.json',
  'price_sheet.csv',
  'price_workbook.xlsx',
  'report.pdf',
  'experiment_plan.csv',
  'plan_summary.csv',
  'scored_learners.csv'
]

/**
 * A report goes to a new (or empty) folder; a folder that already holds files is
 * refused unless the user forces it — the user's own report.html is never
 * overwritten silently. Checked before the run starts, so a refusal costs nothing.
 */
export function checkReportDir(dir: string, force: boolean): string {
  const abs = resolve(dir)
  if (!existsSync(abs)) return abs
  if (!statSync(abs).isDirectory())
    throw new OutputRefusedError(`${abs} is a file, not a folder for the report`)
  const present = readdirSync(abs)
  if (present.length && !force)
    throw new OutputRefusedError(
      `the report folder ${abs} is not empty (${present.slice(0, 4).join(', ')}${present.length > 4 ? ', …' : ''}): choose a new folder, or add --force to replace the report in it`
    )
  return abs
}

/** A hidden folder beside the destination where the report is written before it is published. */
export async function stagingDir(abs: string): Promise<string> {
  await mkdir(dirname(abs), { recursive: true })
  cleanLeftovers(dirname(abs))
  const tmp = siblingTemp(abs, '.partial')
  await mkdir(tmp)
  return tmp
}

/**
 * Publishes a finished report. A new or empty destination: one rename of the whole
 * folder, so it is complete or absent. A forced, non-empty one: the report files of
 * an earlier run are removed (no stale CSV beside a new report), the new ones moved
 * in with report.json last (its presence means the folder is complete); the user's
 * other files stay.
 */
export async function publishReportDir(tmp: string, abs: string, force: boolean): Promise<void> {
  checkReportDir(abs, force)
  if (existsSync(abs) && readdirSync(abs).length === 0) await rmdir(abs)
  if (!existsSync(abs)) {
    await rename(tmp, abs)
    return
  }
  for (const f of REPORT_FILES) await rm(join(abs, f), { force: true })
  const files = (await readdir(tmp)).sort((a, b) => Number(a === 'report.json') - Number(b === 'report.json'))
  for (const f of files) await rename(join(tmp, f), join(abs, f))
  await rm(tmp, { recursive: true, force: true })
}

/**
 * Where a study report goes when the user names no folder: next to the project, in
 * "<project> reports/study-<date>-<time>", so the report travels with the project file
 * (a folder in the home directory was hard to find). Falls back to the scratch folder
 * when the project's folder is not writable.
 */
export function defaultReportDir(projectPath: string, fallback: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '')
  const dir = dirname(resolve(projectPath))
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    // The project's folder is not writable (a read-only share, a mounted image): the fallback folder.
    return join(fallback, `study-${stamp}`)
  }
  return join(dir, `${basename(projectPath).replace(/\.pricelab$/i, '')} reports`, `study-${stamp}`)
}
