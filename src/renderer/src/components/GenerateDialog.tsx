import { useState } from 'react'
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography
} from '@mui/material'
import type { SampleKind } from '../../../shared/data'
import { usePriceLab } from '../api/ClientContext'
import { useJob } from '../api/useJob'
import { JobProgress } from './JobProgress'
import { DEFAULT_SEED } from '../../../shared/defaults'
import type { SampleSummary } from '../../../shared/data/results'
import { count } from '../format'

const ABOUT: Record<SampleKind, string> = {
  edtech:
    'An EdTech token economy with known true price elasticities per category: 10,000 learners, 500 teachers, 2,000 courses, 50,000 enrollments and a year of weekly prices at scale 1. Replaces the sample tables of this project; imported datasets are kept.',
  retail:
    'A weekly retail panel like real scanner data: 80 stores × 7 juice brands × 104 weeks at scale 1 (scale multiplies the stores), dollar prices, promotions with feature and display flags, strong store and brand baselines, known true elasticities per brand and per store-brand. Written as the dataset retail_sample (replaced if present); the EdTech tables are kept.'
}

/** Generates a built-in sample: the EdTech seed tables or the retail panel dataset; imported datasets are kept. */
export function GenerateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { client, refresh } = usePriceLab()
  const job = useJob<SampleSummary>()
  const [kind, setKind] = useState<SampleKind>('edtech')
  const [seed, setSeed] = useState(String(DEFAULT_SEED))
  const [scale, setScale] = useState('1')
  const seedN = Number(seed)
  const scaleN = Number(scale)
  const valid = Number.isInteger(seedN) && seedN >= 0 && scaleN > 0 && scaleN <= 100
  const run = async () => {
    const r = await job.start((jobId) =>
      client.call('data:generate', { jobId, seed: seedN, scale: scaleN, kind })
    )
    if (r) await refresh()
  }
  return (
    <Dialog open={open} onClose={job.running ? undefined : onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Generate sample data</DialogTitle>
      <DialogContent>
        <RadioGroup
          row
          value={kind}
          onChange={(e) => setKind(e.target.value as SampleKind)}
          aria-label="Sample"
          sx={{ mb: 1 }}
        >
          <FormControlLabel value="edtech" control={<Radio size="small" />} label="EdTech platform" />
          <FormControlLabel value="retail" control={<Radio size="small" />} label="Retail store panel" />
        </RadioGroup>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} data-testid="sample-about">
          {ABOUT[kind]}
        </Typography>
        <TextField
          label="Seed"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          size="small"
          sx={{ mr: 2, width: 120 }}
          error={!Number.isInteger(seedN) || seedN < 0}
        />
        <TextField
          label="Scale"
          value={scale}
          onChange={(e) => setScale(e.target.value)}
          size="small"
          sx={{ width: 120 }}
          helperText="1 = default sizes"
          error={!(scaleN > 0 && scaleN <= 100)}
        />
        {job.running && <JobProgress percent={job.percent} message={job.message} />}
        {job.error && <Alert severity="error">{job.error.message}</Alert>}
        {job.result && (
          <Alert severity="success" sx={{ mt: 1 }}>
            Generated in {job.result.ms} ms:{' '}
            {job.result.dataset
              ? `dataset ${job.result.dataset}, ${count(Object.values(job.result.counts)[0])} rows`
              : `${Object.entries(job.result.counts)
                  .map(([t, n]) => `${count(n)} ${t}`)
                  .slice(0, 5)
                  .join(', ')}…`}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={job.running}>
          Close
        </Button>
        <Button variant="contained" onClick={run} disabled={!valid || job.running}>
          Generate
        </Button>
      </DialogActions>
    </Dialog>
  )
}
