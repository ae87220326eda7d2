import { useState } from 'react'
import {
  Box,
  Button,
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
import type { LearnerWhy } from '../../../../shared/propensity/results'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed, formatNumber, signed } from '../../format'

/** One learner's five scores and why: the features that move each score most, against a typical learner. */
export function LearnerLookup({ onError }: { onError: (e: Error) => void }) {
  const { client } = usePriceLab()
  const [lookup, setLookup] = useState('')
  const [why, setWhy] = useState<LearnerWhy[] | null>(null)
  const find = async () => {
    try {
      setWhy((await client.call('propensity:learner', { learnerId: Number(lookup) })).why)
    } catch (e) {
      onError(e as Error)
    }
  }
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <TextField
          size="small"
          label="Learner id"
          value={lookup}
          onChange={(e) => setLookup(e.target.value)}
          sx={{ width: 160 }}
        />
        <Button onClick={find} disabled={!/^\d+$/.test(lookup)}>
          Show scores
        </Button>
        {why && !why.length && <Typography color="text.secondary">No scores for that learner.</Typography>}
        {why && why.length > 0 && (
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }} data-testid="learner-scores">
            {why.map((w) => (
              <Chip key={w.target} label={`${w.target}: ${fixed(w.score, 2)} · ${w.segment}`} />
            ))}
          </Box>
        )}
      </Stack>
      {why && why.some((w) => w.top.length) && (
        <TableContainer>
          <Table size="small" data-testid="learner-why">
            <HeaderRow
              labels={[
                'Score',
                'Value',
                'Why (feature = this learner’s value: score change against a typical value)'
              ]}
              left={['Target', 'Why (feature = this learner’s value: score change against a typical value)']}
            />
            <TableBody>
              {why
                .filter((w) => w.top.length)
                .map((w) => (
                  <TableRow key={w.target}>
                    <TableCell>{w.target}</TableCell>
                    <TableCell align="right">{fixed(w.score, 3)}</TableCell>
                    <TableCell>
                      {w.top
                        .map((c) => `${c.feature} = ${formatNumber(c.value)}: ${signed(c.contribution, 3)}`)
                        .join(' · ')}
                    </TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Stack>
  )
}
