// The Import dialog: the staged file's facts, then a panel import or a transaction-log import of it.
import { useState } from 'react'
import { Dialog, DialogTitle, Typography } from '@mui/material'
import type { StagedFile } from '../../../shared/api'
import type { ImportResult } from '../../../shared/data/results'
import type { TextEncoding } from '../../../shared/data'
import { useJob } from '../api/useJob'
import { formatBytes } from '../format'
import { ImportFileFacts, type ImportKind } from './import/ImportFileFacts'
import { PanelImport } from './import/PanelImport'
import type { TargetChoice } from './import/ImportTargetChoice'
import { TransactionLogImport } from './import/TransactionLogImport'
import { useDatasetNames, useImportPreview } from './import/useImportPreview'

export function ImportDialog({
  file,
  onClose,
  onImported
}: {
  file: StagedFile
  onClose: () => void
  /** Called with the new table's name once an import wrote it (the page then shows it). */
  onImported?: (table: string) => void
}) {
  const job = useJob<ImportResult>()
  const [encoding, setEncoding] = useState<TextEncoding | undefined>(undefined)
  const [sheet, setSheet] = useState<string | undefined>(undefined)
  /** A panel (one row per item × period, imported as it is) or sales lines aggregated into one. */
  const [kind, setKind] = useState<ImportKind>('panel')
  const { preview, previewError, cols, setColumn } = useImportPreview(file.fileId, encoding, sheet)
  const existing = useDatasetNames()
  const [choice, setChoice] = useState<TargetChoice>(() => ({
    target: 'dataset',
    name: file.name.replace(/\.[^.]+$/, ''),
    table: 'courses',
    mode: 'append',
    replace: false
  }))

  const fileFacts = preview && (
    <ImportFileFacts
      preview={preview}
      kind={kind}
      onKind={setKind}
      onSheet={setSheet}
      onEncoding={setEncoding}
    />
  )

  return (
    <Dialog open onClose={job.running ? undefined : onClose} maxWidth="lg" fullWidth>
      <DialogTitle>
        Import {file.name}{' '}
        <Typography component="span" color="text.secondary">
          · {formatBytes(file.size)}
        </Typography>
      </DialogTitle>
      {kind === 'log' && preview ? (
        <TransactionLogImport
          file={file}
          preview={preview}
          existing={existing}
          header={fileFacts}
          onClose={onClose}
          onImported={onImported}
        />
      ) : (
        <PanelImport
          file={file}
          job={job}
          preview={preview}
          previewError={previewError}
          cols={cols}
          onColumn={setColumn}
          existing={existing}
          choice={choice}
          onChoice={(patch) => setChoice((c) => ({ ...c, ...patch }))}
          header={fileFacts}
          onClose={onClose}
          onImported={onImported}
        />
      )}
    </Dialog>
  )
}
