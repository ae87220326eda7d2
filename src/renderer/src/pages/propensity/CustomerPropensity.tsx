import { useState } from 'react'
import {
  Alert,
  Box,
  Button,
  MenuItem,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography
} from '@mui/material'
import type { CustomerPropensityRun } from '../../../../shared/propensity/customer-results'
import { usePriceLab } from '../../api/ClientContext'
import { useJob, type Job } from '../../api/useJob'
import { useLoad } from '../../api/useLoad'
import { JobCard } from '../../components/JobCard'
import { jobStatusOf } from '../../components/job-status'
import { StaleNotice } from '../../components/StaleNotice'
import { int } from '../../format'
import { CustomerResults } from './CustomerDetails'
import { useDataset } from '../../data/DatasetContext'
import { samePositive } from './labels'

export type Source = 'learners' | 'customers'

export function SourceSwitch({ value, onChange }: { value: Source; onChange: (s: Source) => void }) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      onChange={(_, v: Source | null) => v && onChange(v)}
      aria-label="What to score"
    >
      <ToggleButton value="learners">Sample learners</ToggleButton>
      <ToggleButton value="customers">A customer table</ToggleButton>
    </ToggleButtonGroup>
  )
}

/** A select of plain options (column names), with an optional first "none" entry. */
function ColumnSelect({
  label,
  value,
  options,
  onChange,
  none,
  minWidth
}: {
  label: string
  value: string
  options: string[]
  onChange: (v: string) => void
  none?: string
  minWidth: number
}) {
  return (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      sx={{ minWidth }}
    >
      {none !== undefined && <MenuItem value="">{none}</MenuItem>}
      {options.map((c) => (
        <MenuItem key={c} value={c}>
          {c}
        </MenuItem>
      ))}
    </TextField>
  )
}

/**
 * The app bar's dataset (the one choice every page follows) when it is an imported table, its training
 * choices, and its latest customer run (which sets the label and id choices); reloaded when a re-attached
 * training ends; late answers are dropped.
 */
function useCustomerRun(ended: number) {
  const { client } = usePriceLab()
  const ds = useDataset()
  // The EdTech sample is no imported table: there is nothing here to score until one is chosen.
  const dataset = ds.info ? ds.dataset : ''
  const [label, setLabel] = useState('')
  const [positive, setPositive] = useState('')
  const [idColumn, setIdColumn] = useState('')
  const [run, setRun] = useState<CustomerPropensityRun | null>(null)
  const [error, setError] = useState<Error | null>(null)
  // Another dataset: its own label and id are chosen (or set by its run); nothing of the previous one stays.
  const [shown, setShown] = useState(dataset)
  if (shown !== dataset) {
    setShown(dataset)
    setLabel('')
    setIdColumn('')
    setPositive('')
    setRun(null)
  }
  useLoad(
    dataset ? () => client.call('propensity:customerRun', { dataset }) : null,
    [client, dataset, ended],
    {
      onData: (r) => {
        setRun(r)
        if (r) {
          setLabel(r.targets[0].target)
          setIdColumn(r.targets[0].id_column ?? '')
        }
      },
      onError: setError
    }
  )
  const columns = ds.info?.columns.map((x) => x.name) ?? []
  const choices = { dataset, rows: ds.info?.rows ?? 0, columns, label, setLabel, positive, setPositive }
  return { ...choices, idColumn, setIdColumn, run, setRun, error, setError }
}

type CustomerChoices = ReturnType<typeof useCustomerRun>

/** The training form: dataset, label column, positive value, id column; Train and Export. */
function CustomerTrainForm({
  c,
  job,
  onTrain,
  onExport
}: {
  c: CustomerChoices
  job: Job<CustomerPropensityRun>
  onTrain(): void
  onExport(): void
}) {
  const columns = c.columns
  return (
    <>
      <Typography variant="body2" sx={{ alignSelf: 'center' }} data-testid="customer-dataset">
        {c.dataset ? `${c.dataset} · ${int(c.rows)} rows` : 'No customer table chosen'}
      </Typography>
      <ColumnSelect
        label="Label column"
        value={c.label}
        options={columns}
        onChange={c.setLabel}
        minWidth={160}
      />
      <TextField
        size="small"
        label="Positive value (optional)"
        placeholder="yes / true / 1"
        value={c.positive}
        onChange={(e) => c.setPositive(e.target.value)}
        sx={{ width: 190 }}
      />
      <ColumnSelect
        label="Customer id (optional)"
        value={c.idColumn}
        options={columns.filter((x) => x !== c.label)}
        onChange={c.setIdColumn}
        none="(row number)"
        minWidth={180}
      />
      <Button variant="contained" onClick={onTrain} disabled={job.running || !c.dataset || !c.label}>
        Train models
      </Button>
      <Button variant="outlined" onClick={onExport} disabled={!c.run}>
        Export scored customers
      </Button>
      {c.dataset && !c.label && !job.running && (
        <Typography variant="body2" color="text.secondary" data-testid="customer-train-reason">
          Choose the label column: the yes/no outcome to predict for each row (e.g. churned, bought).
        </Typography>
      )}
    </>
  )
}

/** Propensity on an imported customer table: pick the dataset and its label column, train, read, export. */
export function CustomerPropensity({
  source,
  onSource
}: {
  source: Source
  /** Absent: the chosen dataset is not the EdTech sample, so there are no sample learners to switch to. */
  onSource?: (s: Source) => void
}) {
  const { client } = usePriceLab()
  const job = useJob<CustomerPropensityRun>('propensity:trainCustomers')
  const c = useCustomerRun(job.ended)
  const { dataset, label, positive, idColumn, run, setRun, error, setError } = c

  const train = async () => {
    setError(null)
    const r = await job.start((jobId) =>
      client.call('propensity:trainCustomers', {
        jobId,
        dataset,
        label,
        positive: positive || undefined,
        id: idColumn || undefined
      })
    )
    if (r) setRun(r)
  }
  const exportCsv = async () => {
    try {
      const f = await client.call('propensity:exportCustomers', { dataset, bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError(e as Error)
    }
  }

  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Propensity</Typography>
      {onSource && <SourceSwitch value={source} onChange={onSource} />}
      <JobCard job={job} error={error}>
        <CustomerTrainForm c={c} job={job} onTrain={() => void train()} onExport={() => void exportCsv()} />
      </JobCard>
      {!c.dataset && (
        <Alert severity="info" data-testid="customer-none">
          Choose a customer table (one row per customer, with a yes/no label column) in the Dataset menu at
          the top; import one on the Data page if the project has none.
        </Alert>
      )}
      {run?.targets[0] && (
        <StaleNotice
          computedWith={{
            label: run.targets[0].target,
            id: run.targets[0].id_column ?? '',
            positive: run.targets[0].positive
          }}
          current={{ label, id: idColumn, positive: samePositive(positive, run.targets[0].positive) }}
          failed={jobStatusOf(job.error)?.severity === 'error'}
          onRerun={() => void train()}
          rerunDisabled={job.running || !label}
          rerunLabel="Train again"
          dataChanged={run.stale}
        >
          <CustomerResults run={run} onError={setError} />
        </StaleNotice>
      )}
    </Box>
  )
}
