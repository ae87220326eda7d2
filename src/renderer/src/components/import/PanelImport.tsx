// The import dialog's "table or panel" mode: the file's columns are named, typed and given roles, then imported.
import type { ReactNode } from 'react'
import { Alert, Button, DialogActions, DialogContent } from '@mui/material'
import type { StagedFile } from '../../../../shared/api'
import { ApiError } from '../../../../shared/api/envelope'
import type { CsvPreview, ImportResult } from '../../../../shared/data/results'
import { missingRoles } from '../../../../shared/data/roles'
import { usePriceLab } from '../../api/ClientContext'
import { useDataset } from '../../data/DatasetContext'
import type { Job } from '../../api/useJob'
import { panelPlanOf, rolesOf, type ColumnChoice } from './column-choices'
import { ImportColumnsTable } from './ImportColumnsTable'
import { ImportOutcome } from './ImportOutcome'
import { ImportTargetChoice, type TargetChoice } from './ImportTargetChoice'
import { MissingRoles } from './MissingRoles'

export function PanelImport({
  file,
  job,
  preview,
  previewError,
  cols,
  onColumn,
  existing,
  choice,
  onChoice,
  header,
  onClose,
  onImported
}: {
  file: StagedFile
  /** The dialog's import job (the dialog cannot be closed while it runs). */
  job: Job<ImportResult>
  preview: CsvPreview | null
  previewError: ApiError | Error | null
  cols: ColumnChoice[]
  onColumn(i: number, patch: Partial<ColumnChoice>): void
  existing: string[]
  /** Where the rows go; kept by the dialog so a look at the log mode does not lose it. */
  choice: TargetChoice
  onChoice(patch: Partial<TargetChoice>): void
  header: ReactNode
  onClose: () => void
  onImported?: (table: string) => void
}) {
  const { client, refresh } = usePriceLab()
  const { setDataset } = useDataset()
  const { target, name, replace } = choice
  const nameTaken = existing.some((n) => n.toLowerCase() === name.trim().toLowerCase())
  const nameConflict = job.error instanceof ApiError && job.error.body.code === 'dataset_exists'
  const nameError = target === 'dataset' ? nameErrorOf(name, nameTaken, nameConflict, replace) : null
  const plan = panelPlanOf(preview, cols, { ...choice, replacing: nameTaken && replace })
  const missing = target === 'dataset' ? missingRoles(rolesOf(cols)) : []

  const run = async () => {
    if (!plan) return
    const r = await job.start((jobId) => client.call('import:run', { jobId, fileId: file.fileId, plan }))
    if (r) {
      await refresh()
      // The new dataset becomes the app's (the app bar's): every page opens on it, not on the sample.
      if (r.dataset) setDataset(r.dataset)
      onImported?.(r.table)
    }
  }
  const issues = issuesOf(job.error) ?? issuesOf(previewError)

  return (
    <>
      <DialogContent dividers>
        {previewError && !issues && <Alert severity="error">{previewError.message}</Alert>}
        {preview && (
          <>
            {header}
            <ImportTargetChoice
              choice={choice}
              onChange={onChoice}
              nameError={nameError}
              showReplace={nameTaken || nameConflict}
            />
            <ImportColumnsTable
              fileId={file.fileId}
              cols={cols}
              preview={preview}
              toDataset={target === 'dataset'}
              onChange={onColumn}
            />
            <MissingRoles missing={missing} />
          </>
        )}
        <ImportOutcome job={job} file={file.name} issues={issues} nameConflict={nameConflict} />
      </DialogContent>
      <ImportActions
        job={job}
        onClose={onClose}
        onImport={run}
        importDisabled={!plan || job.running || (target === 'dataset' && (!name.trim() || !!nameError))}
      />
    </>
  )
}

/** The file's problems (line and column) an import or preview refusal carries. */
const issuesOf = (e: unknown) => (e instanceof ApiError ? e.body.issues : undefined)

/** A taken name (known before, or said by the import) is an error until the analyst chooses to replace it. */
function nameErrorOf(name: string, taken: boolean, conflict: boolean, replace: boolean): string | null {
  if (!taken && !conflict) return null
  return taken && replace ? null : `A dataset named "${name.trim()}" already exists.`
}

function ImportActions({
  job,
  onClose,
  onImport,
  importDisabled
}: {
  job: Job<ImportResult>
  onClose: () => void
  onImport(): void
  importDisabled: boolean
}) {
  return (
    <DialogActions>
      <Button onClick={onClose} disabled={job.running}>
        {job.result ? 'Done' : 'Cancel'}
      </Button>
      {!job.result && (
        <Button variant="contained" onClick={onImport} disabled={importDisabled}>
          Import
        </Button>
      )}
    </DialogActions>
  )
}
