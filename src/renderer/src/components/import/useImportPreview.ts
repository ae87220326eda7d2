// The import dialog's reads: the file's preview (again when the encoding or sheet changes) and the taken dataset names.
import { useState } from 'react'
import type { ApiError } from '../../../../shared/api/envelope'
import type { CsvPreview } from '../../../../shared/data/results'
import type { TextEncoding } from '../../../../shared/data'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'
import { choicesOfPreview, type ColumnChoice } from './column-choices'

export function useImportPreview(
  fileId: string,
  encoding: TextEncoding | undefined,
  sheet: string | undefined
) {
  const { client } = usePriceLab()
  // The preview shown stays until the next one arrives (a new encoding re-reads the same file).
  const [preview, setPreview] = useState<CsvPreview | null>(null)
  const [cols, setCols] = useState<ColumnChoice[]>([])
  const load = useLoad(
    () => client.call('import:preview', { fileId, encoding, sheet }),
    [client, fileId, encoding, sheet],
    {
      onData: (p) => {
        setPreview(p)
        setCols(choicesOfPreview(p))
      }
    }
  )
  const setColumn = (i: number, patch: Partial<ColumnChoice>) =>
    setCols((cs) => cs.map((c, k) => (k === i ? { ...c, ...patch } : c)))
  const previewError: ApiError | Error | null = load.error
  return { preview, previewError, cols, setColumn }
}

/** The project's dataset names. The list only warns early about a taken name; the import itself refuses one (dataset_exists). */
export function useDatasetNames(): string[] {
  const { client } = usePriceLab()
  const names = useLoad(async () => (await client.call('data:datasets', {})).map((d) => d.name), [client])
  return names.data ?? []
}
