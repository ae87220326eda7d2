import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import { EChart } from '../../components/EChart'
import {
  crossSegments,
  crossCaption,
  crossNoun,
  crossInterval,
  groupWords,
  noCrossGroupLine,
  pairsWithEvidence
} from './cross-words'
import { crossHeatmap } from './cross-chart'
import { count } from '../../format'

const head = { fontWeight: 600, whiteSpace: 'nowrap' }
const HEATMAP_MAX_ROWS = 30
const nowrap = { whiteSpace: 'nowrap' }

/** The pairs the data give evidence for: which brand's quantity moves with which brand's price. */
function EvidenceTable({ report }: { report: ElasticityReport }) {
  const rows = pairsWithEvidence(report.cross)
  const seg = crossNoun(report)
  const itemLevel = report.cross_level === 'item'
  if (!rows.length)
    return (
      <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
        No pair has evidence: every 90% interval includes 0.
      </Typography>
    )
  return (
    <TableContainer sx={{ flex: '1 1 560px', maxHeight: 440 }}>
      <Table size="small" stickyHeader data-testid="cross-table">
        <TableHead>
          <TableRow>
            {itemLevel && <TableCell sx={head}>{report.segment_column}</TableCell>}
            <TableCell sx={head}>Quantity of {seg}</TableCell>
            <TableCell sx={head}>Price of {seg}</TableCell>
            <TableCell align="right" sx={head}>
              Elasticity [90%]
            </TableCell>
            <TableCell sx={head}>Reading</TableCell>
            <TableCell align="right" sx={head}>
              n
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((c) => (
            <TableRow key={`${c.within ?? ''}|${c.on}|${c.of}`}>
              {itemLevel && <TableCell sx={nowrap}>{c.within ?? ''}</TableCell>}
              <TableCell sx={nowrap}>{c.on}</TableCell>
              <TableCell sx={nowrap}>{c.of}</TableCell>
              <TableCell align="right">{crossInterval(c)}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  color={c.reading === 'substitutes' ? 'error' : 'primary'}
                  label={c.reading}
                />
              </TableCell>
              <TableCell align="right">{count(c.n)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  )
}

/**
 * Cannibalization: the run's cross-price matrix (a heatmap) and the pairs with evidence (a table).
 * Without a group column the run has no matrix: one line says why and how to name one.
 */
export function CrossCard({ report }: { report: ElasticityReport }) {
  const theme = useTheme()
  const seg = crossNoun(report)
  if (!report.cross.length)
    return report.cross_group === null && seg !== 'all' ? (
      <Alert severity="info" data-testid="cross-none">
        {noCrossGroupLine(seg)}
      </Alert>
    ) : null
  const rows = crossSegments(report.cross).length
  // Item-level matrices hold the k best sellers of every segment: one heatmap over all of them would be a
  // mostly empty block diagonal, so beyond a readable size only the table of pairs is shown.
  const heatmap = rows <= HEATMAP_MAX_ROWS
  return (
    <Card data-testid="cross-card">
      <CardContent>
        <Typography variant="subtitle1">
          Cannibalization: {seg} against {seg}, {groupWords(report.cross_group)}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {crossCaption(seg, report.cross_group, report.cross)}
        </Typography>
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 1 }}>
          {heatmap && (
            <Box sx={{ flex: '1 1 480px', minWidth: 0 }} data-testid="cross-heatmap">
              <EChart
                option={crossHeatmap(report.cross, seg, theme)}
                height={Math.max(320, 44 * rows + 150)}
                label={`Cross-price elasticity of ${seg} by ${seg}`}
              />
            </Box>
          )}
          <EvidenceTable report={report} />
        </Stack>
      </CardContent>
    </Card>
  )
}
