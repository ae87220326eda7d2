import {
  Box,
  Card,
  CardContent,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  Typography
} from '@mui/material'
import type { ElasticityReport, RecommendedFrom } from '../../../../shared/elasticity/results'
import { recommendationOf } from '../../../../shared/elasticity/recommend'
import { MODEL_LABELS } from '../../../../shared/elasticity'
import { HeaderRow } from '../../components/HeaderRow'
import { pooledToward } from './dataset-words'
import { int, numberInterval } from '../../format'

/** "-2.40 [-2.61, -2.19]": the point and its interval in the same digits (the point inside the shown interval). */
function bracketed(p: number | null, low: number | null, high: number | null): string {
  const t = numberInterval(p, low, high)
  return `${t.point} [${t.low}, ${t.high}]`
}

export function sourceLabel(from: RecommendedFrom | null | undefined): string {
  if (!from) return 'none'
  return from === 'debiased' ? 'Debiased (DML)' : MODEL_LABELS[from]
}

/**
 * The headline: the recommended elasticity per segment (chosen for price response, not fit),
 * with the reason it was chosen; the models and the naive/debiased figures stay below for comparison.
 */
export function RecommendedCard({ report }: { report: ElasticityReport }) {
  const rec = recommendationOf(report)
  const head = report.headline ?? null
  const shownHead = head ? numberInterval(head.elasticity, head.ci_low, head.ci_high) : null
  const items = rec.items.filter((i) => i.identified).length
  return (
    <Card data-testid="recommended-card">
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          <Typography variant="h6">Recommended elasticity</Typography>
          <Typography variant="h4" data-testid="recommended-headline">
            {shownHead ? shownHead.point : '—'}
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="recommended-headline-detail">
            {shownHead
              ? `90% ${shownHead.low} to ${shownHead.high} · `
              : 'no headline for this run (trained before it) · '}
            from <b>{sourceLabel(rec.recommended_model)}</b>
            {report.best_model
              ? ` · best fit: ${MODEL_LABELS[report.best_model]}`
              : ' · no model predicts better than the mean'}
          </Typography>
        </Box>
        {head && (
          <Typography variant="body2" sx={{ mb: 0.5 }} data-testid="recommended-definition">
            Headline: {head.definition}.
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Chosen for price response, not fit: the debiased estimate, unless the best-fitting model is
          nonlinear, stable across folds, has demand falling with price at ≥ 95% of rows and agrees with the
          debiased estimate. This is the figure pricing uses.
          {items > 0 &&
            ` Per-item elasticities (pooled toward ${pooledToward(report.segment_column)}) for ${int(items)} items.`}
        </Typography>
        <TableContainer sx={{ maxHeight: 320 }}>
          <Table size="small" data-testid="recommended-table">
            <HeaderRow
              labels={[report.segment_column, 'Recommended [90%]', 'From', 'Why']}
              left={[report.segment_column, 'From', 'Why']}
            />
            <TableBody>
              {rec.segments.map((s) => (
                <TableRow key={s.segment}>
                  <TableCell>{s.segment}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                    {bracketed(s.recommended, s.recommended_ci_low, s.recommended_ci_high)}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={sourceLabel(s.recommended_from)}
                      color={s.recommended_from ? 'primary' : 'default'}
                      variant="outlined"
                    />
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary', fontSize: 12 }}>{s.recommended_reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </CardContent>
    </Card>
  )
}
