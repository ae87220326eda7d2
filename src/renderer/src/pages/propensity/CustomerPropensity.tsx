import { useCallback, useEffect, useState } from 'react'
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
import { useJob } from '../../api/useJob'
import { JobCard } from '../../components/JobCard'
import { jobStatusOf } from '../../components/job-status'
import { StaleNotice } from '../../components/StaleNotice'
import { int } from '../../format'
import { CustomerResults } from './CustomerDetails'
import type { DatasetInfo } from '../../../../shared/data/results'

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

/** Propensity on an imported customer table: pick the dataset and its label column, train, read, export. */
export function CustomerPropensity({
  source,
  onSource
}: {
  source: Source
  /** Absent: the chosen dataset is not the EdTech sample, so there are no sample learners to switch to. */
  onSource?: (s: Source) => void
}) {
  const { client, project } = usePriceLab()
  const job = useJob<CustomerPropensityRun>('propensity:trainCustomers')
  const [datasets, setDatasets] = useState<DatasetInfo[]>([])
  const [dataset, setDataset] = useState('')
  const [label, setLabel] = useState('')
  const [positive, setPositive] = useState('')
  const [idColumn, setIdColumn] = useState('')
  const [run, setRun] = useState<CustomerPropensityRun | null>(null)
  const [error, setError] = useState<Error | null>(null)

  useEffect(() => {
    if (!project) return
    client
      .call('data:datasets', {})
      .then((ds) => {
        setDatasets(ds)
        setDataset((d) => d || ds[0]?.name || '')
      })
      .catch((e: Error) => setError(e))
  }, [client, project])
  const load = useCallback(async () => {
    if (!dataset) return
    const r = await client.call('propensity:customerRun', { dataset })
    setRun(r)
    if (r) {
      setLabel(r.targets[0].target)
      setIdColumn(r.targets[0].id_column ?? '')
    }
  }, [client, dataset])
  useEffect(() => {
    load().catch((e: Error) => setError(e))
  }, [load, job.ended])

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
  const columns = datasets.find((d) => d.name === dataset)?.columns.map((c) => c.name) ?? []

  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Propensity</Typography>
      {onSource && <SourceSwitch value={source} onChange={onSource} />}
      <JobCard job={job} error={error}>
        <TextField
          select
          size="small"
          label="Dataset"
          value={dataset}
          onChange={(e) => {
            setDataset(e.target.value)
            setLabel('')
            setIdColumn('')
            setRun(null)
          }}
          sx={{ minWidth: 180 }}
        >
          {datasets.map((d) => (
            <MenuItem key={d.name} value={d.name}>
              {d.name} ({int(d.rows)} rows)
            </MenuItem>
          ))}
        </TextField>
        <ColumnSelect
          label="Label column"
          value={label}
          options={columns}
          onChange={setLabel}
          minWidth={160}
        />
        <TextField
          size="small"
          label="Positive value (optional)"
          placeholder="yes / true / 1"
          value={positive}
          onChange={(e) => setPositive(e.target.value)}
          sx={{ width: 190 }}
        />
        <ColumnSelect
          label="Customer id (optional)"
          value={idColumn}
          options={columns.filter((c) => c !== label)}
          onChange={setIdColumn}
          none="(row number)"
          minWidth={180}
        />
        <Button variant="contained" onClick={() => void train()} disabled={job.running || !dataset || !label}>
          Train models
        </Button>
        <Button variant="outlined" onClick={() => void exportCsv()} disabled={!run}>
          Export scored customers
        </Button>
        {dataset && !label && !job.running && (
          <Typography variant="body2" color="text.secondary" data-testid="customer-train-reason">
            Choose the label column: the yes/no outcome to predict for each row (e.g. churned, bought).
          </Typography>
        )}
      </JobCard>
      {!datasets.length && (
        <Alert severity="info">
          No imported dataset yet: import a customer table (one row per customer, with a yes/no label column)
          on the Data page.
        </Alert>
      )}
      {run?.targets[0] && (
        <StaleNotice
          computedWith={{
            label: run.targets[0].target,
            id: run.targets[0].id_column ?? '',
            positive: run.targets[0].positive
          }}
          current={{ label, id: idColumn, positive: positive.trim() || run.targets[0].positive }}
          failed={jobStatusOf(job.error)?.severity === 'error'}
          onRerun={() => void train()}
          rerunDisabled={job.running || !label}
          rerunLabel="Train again"
        >
          <CustomerResults run={run} onError={setError} />
        </StaleNotice>
      )}
    </Box>
  )
}
