// The import dialog's missing counts over the whole file: the preview counts its first rows only.
import { useEffect, useState } from 'react'
import type { CsvPreview, FileMissing } from '../../../../shared/data/results'
import { usePriceLab } from '../../api/ClientContext'

/** What the Missing column can say: the whole file's counts, still counting, or why they are not known. */
export interface MissingState {
  /** The whole file's counts per column name; null while not known. */
  counts: Map<string, number> | null
  /** Data rows of the whole file, once counted. */
  rows: number | null
  counting: boolean
  error: string | null
}

/**
 * Counts the missing values of every column over the whole file (in a reader worker) when the preview read
 * only its first rows; a preview of the whole file already has them. A count for an older read is cancelled.
 */
export function useFileMissing(fileId: string, preview: CsvPreview): MissingState {
  const { client } = usePriceLab()
  const [state, setState] = useState<MissingState>({ counts: null, rows: null, counting: false, error: null })
  const needed = preview.truncated
  // The file read as the preview read it: its encoding (detected or chosen) and sheet.
  const encoding = preview.format === 'csv' ? preview.encoding.encoding : undefined
  const sheet = preview.sheet
  useEffect(() => {
    setState({ counts: null, rows: null, counting: needed, error: null })
    if (!needed) return
    let stale = false
    let done = false
    const jobId = `missing-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
    client
      .call('import:missingCounts', { jobId, fileId, encoding, sheet })
      .then((r: FileMissing) => {
        done = true
        if (stale) return
        const counts = new Map(r.columns.map((c) => [c.name, c.missing]))
        setState({ counts, rows: r.rows, counting: false, error: null })
      })
      .catch((e: Error) => {
        done = true
        if (!stale) setState({ counts: null, rows: null, counting: false, error: e.message })
      })
    return () => {
      stale = true
      // A count still reading a large file for an older read is stopped rather than left to finish unseen.
      if (!done) client.call('job:cancel', { jobId }).catch(() => undefined)
    }
  }, [client, fileId, needed, encoding, sheet])
  return state
}
