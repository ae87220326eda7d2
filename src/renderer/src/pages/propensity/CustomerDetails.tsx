import { useState } from 'react'
import {
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { CustomerPropensityRun } from '../../../../shared/propensity/customer-results'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as num, int, pct } from '../../format'
import { ModelScoreTable, ScoreCharts } from './ModelScores'
import { calibrationWords } from '../../../../shared/propensity/calibration-words'

type CustomerTarget = CustomerPropensityRun['targets'][number]

/** Per segment: size, mean score, observed rate and each feature's mean (or share yes, or most common value). */
export function CustomerProfiles({ t }: { t: CustomerTarget }) {
  const row = (label: string, cells: string[]) => (
    <TableRow>
      <TableCell>{label}</TableCell>
      {cells.map((c, k) => (
        <TableCell key={k} align="right">
          {c}
        </TableCell>
      ))}
    </TableRow>
  )
  return (
    <TableContainer>
      <Table size="small" data-testid="customer-profiles">
        <HeaderRow labels={['', ...t.profiles.segments]} left={['']} />
        <TableBody>
          {row('customers', t.profiles.customers.map(int))}
          {row(
            'mean score',
            t.profiles.mean_score.map((c) => num(c, 2))
          )}
          {row(
            `observed ${t.target} rate`,
            t.profiles.observed_rate.map((c) => num(c, 2))
          )}
          {t.profiles.columns.map((c) => (
            <TableRow key={c.column}>
              <TableCell>
                {c.column}
                {c.how === 'yes/no' ? ' (share yes)' : c.how === 'number' ? ' (mean)' : ''}
              </TableCell>
              {c.values.map((v, k) => (
                <TableCell key={k} align="right">
                  {typeof v === 'number' ? num(v, 2) : (v ?? '—')}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/** The features the models used, and those dropped with the reason. */
export function CustomerFeatures({ t }: { t: CustomerTarget }) {
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {t.features.map((f) => (
        <Chip key={f.column} size="small" label={`${f.column} · ${f.how}`} />
      ))}
      {t.dropped.map((d) => (
        <Chip
          key={d.column}
          size="small"
          variant="outlined"
          color="warning"
          label={`${d.column}: dropped, ${d.reason}`}
        />
      ))}
    </Stack>
  )
}

/** One customer's scored row, by id (or row number). */
export function CustomerLookup({
  dataset,
  idColumn,
  onError
}: {
  dataset: string
  idColumn: string | null
  onError: (e: Error) => void
}) {
  const { client } = usePriceLab()
  const [lookup, setLookup] = useState('')
  const [customer, setCustomer] = useState<{ header: string[]; row: (number | string)[] | null } | null>(null)
  const find = async () => {
    try {
      setCustomer(await client.call('propensity:customer', { dataset, id: lookup.trim() }))
    } catch (e) {
      onError(e as Error)
    }
  }
  return (
    <>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
        <TextField
          size="small"
          label={idColumn ?? 'Row number'}
          value={lookup}
          onChange={(e) => setLookup(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void find()}
        />
        <Button onClick={() => void find()} disabled={!lookup.trim()}>
          Why this score?
        </Button>
      </Stack>
      {customer && (
        <TableContainer sx={{ mt: 1 }}>
          <Table size="small" data-testid="customer-why">
            <TableBody>
              {customer.row ? (
                customer.header.map((h, k) => (
                  <TableRow key={h}>
                    <TableCell>{h}</TableCell>
                    <TableCell>{customer.row?.[k]}</TableCell>
                  </TableRow>
                ))
              ) : (
                <TableRow>
                  <TableCell>No customer {lookup} in this run.</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  )
}

/** A customer run's results: the label, the models, the charts, the profiles, the features and the lookup. */
export function CustomerResults({
  run,
  onError
}: {
  run: CustomerPropensityRun
  onError: (e: Error) => void
}) {
  const t = run.targets[0]
  if (!t) return null
  return (
    <Card>
      <CardContent>
        <Typography variant="h6">
          {t.target} = {t.positive} in {run.dataset}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {int(t.learners)} labelled customers, {pct(t.positive_rate)} positive; 25% held out for the test
          figures; best = highest cross-validated AUC, then {calibrationWords(t)}. {int(t.customers_scored)}{' '}
          customers scored.
        </Typography>
        <ModelScoreTable
          models={t.models}
          best={t.best_model}
          precision={false}
          testId="customer-propensity-table"
        />
        <ScoreCharts t={t} bands={run.bands} who="customers" calibrated segmentsTitle="Segments" />
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          Segment profiles
        </Typography>
        <CustomerProfiles t={t} />
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          Features
        </Typography>
        <CustomerFeatures t={t} />
        <CustomerLookup dataset={run.dataset} idColumn={t.id_column} onError={onError} />
      </CardContent>
    </Card>
  )
}
