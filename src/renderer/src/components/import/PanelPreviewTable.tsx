import {
  Box,
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import type { PanelPreview } from './usePanelPreview'
import { count as n, upTo } from '../../format'

const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? upTo(v, 4) : v)

/** The panel the log will become: its size and first rows, before anything is written. */
export function PanelPreviewTable({ preview, reading }: { preview: PanelPreview | null; reading: boolean }) {
  return (
    <Box sx={{ mt: 3 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="subtitle2" sx={{ mr: 1 }}>
          The panel that will be built
        </Typography>
        {preview && (
          <>
            <Chip
              size="small"
              color="primary"
              label={`${n(preview.rows)} panel rows`}
              data-testid="log-rows"
            />
            <Chip size="small" label={`${n(preview.items)} items`} data-testid="log-items" />
            <Chip size="small" label={`${n(preview.periods)} periods`} data-testid="log-periods" />
            <Chip
              size="small"
              variant="outlined"
              label={`from ${n(preview.lines)} sales lines`}
              data-testid="log-lines"
            />
          </>
        )}
      </Box>
      {reading && <LinearProgress sx={{ mb: 1 }} aria-label="Reading the log for the preview" />}
      {preview && (
        <TableContainer sx={{ maxHeight: 260 }} data-testid="log-preview">
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                {preview.columns.map((c) => (
                  <TableCell key={c.name} align={c.type === 'text' || c.type === 'date' ? 'left' : 'right'}>
                    {c.name}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {preview.head.map((row, k) => (
                <TableRow key={k} hover>
                  {row.map((v, i) => (
                    <TableCell
                      key={i}
                      align={typeof v === 'number' ? 'right' : 'left'}
                      sx={{ fontVariantNumeric: 'tabular-nums' }}
                    >
                      {cell(v)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  )
}
