import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material'
import { usePriceLab } from '../api/ClientContext'
import { useJob } from '../api/useJob'
import { JobProgress } from './JobProgress'
import { DEFAULT_SEED } from '../../../shared/defaults'
import type { SampleSummary } from '../../../shared/data/results'

/** Why the study and the models cannot run in a project without data (shown next to the disabled buttons). */
export const NO_DATA_REASON =
  'No data to model yet: load a sample or import a dataset with price and quantity columns.'

/**
 * What an empty project offers: a sample (EdTech courses or a retail store panel) or
 * an import of the analyst's own file. Shown until the project has data to model.
 */
export function FirstRun({ onImport, onLoaded }: { onImport: () => void; onLoaded?: () => void }) {
  const { client, refresh } = usePriceLab()
  const job = useJob<SampleSummary>()
  const load = async (kind: 'edtech' | 'retail') => {
    const r = await job.start((jobId) =>
      client.call('data:generate', { jobId, seed: DEFAULT_SEED, scale: kind === 'retail' ? 0.25 : 1, kind })
    )
    if (r) {
      await refresh()
      onLoaded?.()
    }
  }
  return (
    <Card data-testid="first-run" variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          This project has no data yet
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Start from a sample to see what PriceLab does, or bring your own sales history (CSV or Excel: one
          row per item and period, with a price and the units sold).
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <Button variant="contained" onClick={onImport} disabled={job.running}>
            Import your data…
          </Button>
          <Button variant="outlined" onClick={() => void load('retail')} disabled={job.running}>
            Load the retail sample
          </Button>
          <Button variant="outlined" onClick={() => void load('edtech')} disabled={job.running}>
            Load the EdTech sample
          </Button>
        </Box>
        <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
          Retail: weekly sales of 7 juice brands in 20 stores (a store × brand panel). EdTech: an online
          course catalogue with learners, enrollments and token prices.
        </Typography>
        {job.running && <JobProgress percent={job.percent} message={job.message} onCancel={job.cancel} />}
        {job.error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {job.error.message}
          </Alert>
        )}
      </CardContent>
    </Card>
  )
}
