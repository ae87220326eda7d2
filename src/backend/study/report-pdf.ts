import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export class PdfError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PdfError'
  }
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable'
]

/** The headless Chromium that prints the report: CHROMIUM_PATH, else the usual system paths; null: none. */
export function chromiumPath(): string | null {
  const env = process.env.CHROMIUM_PATH
  if (env) return existsSync(env) ? env : null
  return CANDIDATES.find((p) => existsSync(p)) ?? null
}

/**
 * Prints the study report (static HTML, no script) to a real PDF through headless
 * Chromium's printToPDF (`--print-to-pdf`): the browser-mode and CLI twin of the
 * desktop app's webContents.printToPDF, with a throwaway profile. The report is PriceLab's own
 * static HTML (every dataset value escaped, no script). Scripts stay on: Chromium's headless
 * printing writes no PDF with them off (checked with Chromium 156).
 */
export async function printReportPdf(htmlPath: string, pdfPath: string): Promise<void> {
  const chromium = chromiumPath()
  if (!chromium)
    throw new PdfError(
      'no Chromium to print the PDF with: install chromium (or Google Chrome), or set CHROMIUM_PATH to its binary'
    )
  const profile = mkdtempSync(join(tmpdir(), 'pricelab-pdf-'))
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        chromium,
        [
          '--headless',
          '--disable-gpu',
          // Root (CI, containers) cannot start Chromium's sandbox; the page is our own static HTML.
          ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
          '--no-first-run',
          '--no-pdf-header-footer',
          `--user-data-dir=${profile}`,
          `--print-to-pdf=${pdfPath}`,
          pathToFileURL(htmlPath).href
        ],
        { timeout: 120_000 },
        (err, _out, stderr) =>
          err
            ? reject(new PdfError(`Chromium could not print the report: ${stderr.trim() || err.message}`))
            : resolve()
      )
    )
    if (
      !existsSync(pdfPath) ||
      statSync(pdfPath).size < 100 ||
      readFileSync(pdfPath).subarray(0, 5).toString() !== '%PDF-'
    )
      throw new PdfError(`Chromium wrote no PDF at ${pdfPath}`)
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}
