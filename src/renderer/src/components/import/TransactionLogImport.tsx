import { useMemo, useState } from 'react'
import { Alert, Button, DialogActions, DialogContent } from '@mui/material'
import type { ReactNode } from 'react'
import type { ApiResult, StagedFile } from '../../../../shared/api'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import { useDataset } from '../../data/DatasetContext'
import { guessChoices, recipeOf, type LogChoices } from './guessRecipe'
import { LogDatasetName, LogImportOutcome, splitImportErrors, useNewDatasetName } from './LogImportParts'
import { LogColumnChoices } from './LogColumnChoices'
import { logReadOf } from './logRead'
import { PanelPreviewTable } from './PanelPreviewTable'
import { usePanelPreview } from './usePanelPreview'
import type { CsvPreview } from '../../../../shared/data/results'

/** The import job: aggregates the log into a dataset, then makes it the app's dataset. */
function useLogImportJob(
  file: StagedFile,
  read: ReturnType<typeof logReadOf>,
  recipe: ReturnType<typeof recipeOf>['recipe'],
  name: string,
  replace: boolean,
  onImported?: (table: string) => void
) {
  const { client, refresh } = usePriceLab()
  const { setDataset } = useDataset()
  const job = useJob<ApiResult<'import:transactions'>>()
  const run = async () => {
    if (!recipe) return
    const r = await job.start((jobId) =>
      client.call('import:transactions', { jobId, fileId: file.fileId, ...read, name, recipe, replace })
    )
    if (r) {
      await refresh()
      // The new panel becomes the app's dataset: the pages open on it, ready for an elasticity run.
      setDataset(r.dataset)
      onImported?.(r.table)
    }
  }
  return { job, run }
}

/**
 * The Import dialog's "sales lines" mode: the log's columns are chosen for each role, the panel
 * they build is previewed from the whole log, and Import aggregates and writes it as a dataset.
 */
export function TransactionLogImport({
  file,
  preview,
  existing,
  header,
  onClose,
  onImported
}: {
  file: StagedFile
  preview: CsvPreview
  existing: string[]
  /** The file's facts and the mode choice, shown above the log's choices. */
  header: ReactNode
  onClose: () => void
  onImported?: (table: string) => void
}) {
  const columns = preview.header
  const [choices, setChoices] = useState<LogChoices>(() => guessChoices(columns))
  const { name, rename, replace, setReplace, taken, nameError } = useNewDatasetName(file.name, existing)
  const read = useMemo(() => logReadOf(preview), [preview])
  const timeFormat = preview.columns[columns.indexOf(choices.time)]?.dateFormat
  const { recipe, missing } = recipeOf(choices, timeFormat)
  const panel = usePanelPreview(file.fileId, read, recipe)
  const { job, run } = useLogImportJob(file, read, recipe, name.trim(), taken && replace, onImported)

  const { issues, otherError } = splitImportErrors(job.error, panel.error)

  return (
    <>
      <DialogContent dividers>
        {header}
        <LogDatasetName
          name={name}
          taken={taken}
          replace={replace}
          nameError={nameError}
          onName={rename}
          onReplace={setReplace}
        />
        <LogColumnChoices
          columns={columns}
          choices={choices}
          onChange={(p) => setChoices((c) => ({ ...c, ...p }))}
        />
        {missing && (
          <Alert severity="info" sx={{ mt: 2 }}>
            {missing}
          </Alert>
        )}
        {!issues && <PanelPreviewTable preview={panel.preview} reading={panel.reading} />}
        <LogImportOutcome file={file} job={job} otherError={otherError} issues={issues} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={job.running}>
          {job.result ? 'Done' : 'Cancel'}
        </Button>
        {!job.result && (
          <Button
            variant="contained"
            onClick={run}
            disabled={!recipe || job.running || !name.trim() || !!nameError || !!panel.error}
          >
            Import
          </Button>
        )}
      </DialogActions>
    </>
  )
}
