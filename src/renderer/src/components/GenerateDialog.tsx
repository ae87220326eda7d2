import { useState } from 'react'
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography
} from '@mui/material'
import type { GenerateSummary } from '../../../core/data/sample/generate'
import { usePriceLab } from '../api/ClientContext'
import { useJob } from '../api/useJob'
import { JobProgress } from './JobProgress'

/** Regenerates the sample EdTech data set; replaces the seed tables, keeps imported datasets. */
export function GenerateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { client, refresh } = usePriceLab()
  const job = useJob<GenerateSummary>()
  const [seed, setSeed] = useState('42')
  const [scale, setScale] = useState('1')
  const seedN = Number(seed)
  const scaleN = Number(scale)
  const valid = Number.isInteger(seedN) && seedN >= 0 && scaleN > 0 && scaleN <= 100
  const run = async () => {
    const r = await job.start((jobId) => client.call('data:generate', { jobId, seed: seedN, scale: scaleN }))
    if (r) await refresh()
  }
  return (
    <Dialog open={open} onClose={job.running ? undefined : onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Generate sample data</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          An EdTech token economy with known true price elasticities per category: 10,000 learners, 500
          teachers, 2,000 courses, 50,000 enrollments and a year of weekly prices at scale 1. Replaces the
          sample tables of this project; imported datasets are kept.
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
            {Object.entries(job.result.counts)
              .map(([t, n]) => `${n.toLocaleString()} ${t}`)
              .slice(0, 5)
              .join(', ')}
            …
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
