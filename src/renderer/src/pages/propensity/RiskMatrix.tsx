import {
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import { alpha, useTheme } from '@mui/material/styles'
import type { PropensityRun } from '../../../../shared/propensity/results'
import { fixed, int } from '../../format'

/** Learners by churn-risk band (rows) and price-sensitivity band (columns); the top-left cells are highlighted. */
export function RiskMatrix({ run }: { run: PropensityRun }) {
  const theme = useTheme()
  const m = run.churn_sensitivity
  if (!m) return null
  const truth = run.price_sensitivity?.spearman_with_truth
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Churn risk × price sensitivity
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Learners by churn-risk band (today&apos;s scores) and price-sensitivity band. The top-left cells are
          at risk and react to price: the candidates for a targeted discount. Price sensitivity is read from
          purchases made below a course&apos;s usual price and from cheap course choices (
          {int(run.price_sensitivity?.scored)} learners with purchases
          {truth !== null && truth !== undefined
            ? `; rank correlation with the sample's true sensitivity ${fixed(truth, 2)}`
            : ''}
          ).
        </Typography>
        <Table size="small" sx={{ maxWidth: 560 }} data-testid="risk-matrix">
          <TableHead>
            <TableRow>
              <TableCell sx={{ fontWeight: 600 }}>Churn risk \ sensitivity</TableCell>
              {m.columns.map((c) => (
                <TableCell key={c} align="right" sx={{ fontWeight: 600 }}>
                  {c}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {m.rows.map((r, i) => (
              <TableRow key={r}>
                <TableCell>{r}</TableCell>
                {m.counts[i].map((n, j) => (
                  <TableCell
                    key={j}
                    align="right"
                    sx={{ bgcolor: i < 2 && j === 0 ? alpha(theme.palette.warning.main, 0.15) : undefined }}
                  >
                    {int(n)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  )
}
