import { useEffect, useState } from 'react'
import type { ApiResult } from '../../../../shared/api'
import type { TransactionRecipeInput } from '../../../../shared/transactions'
import type { LogRead } from './logRead'
import { usePriceLab } from '../../api/ClientContext'

export type PanelPreview = ApiResult<'import:transactionsPreview'>

/** How long the choices must stay still before the log is read again for the preview. */
const SETTLE_MS = 350

/**
 * The panel a recipe will build, read from the whole log (nothing written). Re-read when the
 * recipe changes; a preview still reading for an older recipe is cancelled and its answer dropped.
 */
export function usePanelPreview(fileId: string, read: LogRead | null, recipe: TransactionRecipeInput | null) {
  const { client } = usePriceLab()
  const [preview, setPreview] = useState<PanelPreview | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [reading, setReading] = useState(false)
  const key = JSON.stringify([read, recipe])

  useEffect(() => {
    setPreview(null)
    setError(null)
    if (!read || !recipe) return
    let stale = false
    let started: string | null = null
    const timer = setTimeout(() => {
      const jobId = `preview-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
      started = jobId
      setReading(true)
      client
        .call('import:transactionsPreview', { jobId, fileId, ...read, recipe })
        .then((p) => !stale && setPreview(p))
        .catch((e: Error) => !stale && setError(e))
        .finally(() => {
          started = null
          if (!stale) setReading(false)
        })
    }, SETTLE_MS)
    return () => {
      stale = true
      clearTimeout(timer)
      setReading(false)
      // An older preview still reading a large log is stopped rather than left to finish unseen.
      if (started) client.call('job:cancel', { jobId: started }).catch(() => undefined)
    }
    // `key` stands for read and recipe (new objects each render, same content).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, fileId, key])

  return { preview, error, reading }
}
