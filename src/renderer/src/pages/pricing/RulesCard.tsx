import {
  Box,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography
} from '@mui/material'
import {
  barStart,
  barWidth,
  leadPoints,
  leadSentence,
  ruleRows,
  sharePct,
  type RuleShare
} from './rules-words'
import { pct } from '../../format'

const head = { fontWeight: 600 }

/**
 * Sample data only: the share of the true joint optimum the optimizer's sheet reaches, beside what
 * today's prices, every price at its floor or ceiling and each strategy reach on the same true demand.
 */
export function RulesCard({ share, rules }: { share: number | null; rules: RuleShare[] | null | undefined }) {
  const rows = ruleRows(share, rules)
  if (!rows) return null
  const start = barStart(rows)
  return (
    <Card data-testid="rules-card">
      <CardContent>
        <Typography variant="subtitle1">Optimizer against simple rules (sample truth)</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Each sheet&apos;s true objective as a share of the true joint optimum (the generator&apos;s demand
          with its cross effects, within the same guardrails).
        </Typography>
        <TableContainer>
          <Table size="small" data-testid="rules-table">
            <TableHead>
              <TableRow>
                <TableCell sx={head}>Prices</TableCell>
                <TableCell align="right" sx={head}>
                  Share of true optimum
                </TableCell>
                <TableCell sx={{ ...head, width: '40%' }}>From {pct(start, 0)} to 100%</TableCell>
                <TableCell align="right" sx={head}>
                  Optimizer&apos;s lead
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.key} selected={r.optimizer}>
                  <TableCell sx={r.optimizer ? head : undefined}>{r.label}</TableCell>
                  <TableCell align="right" sx={r.optimizer ? head : undefined}>
                    {sharePct(r.share)}
                  </TableCell>
                  <TableCell>
                    <Box sx={{ height: 10, bgcolor: 'action.hover', borderRadius: 1 }}>
                      <Box
                        sx={{
                          height: 10,
                          borderRadius: 1,
                          width: `${barWidth(r.share, start)}%`,
                          bgcolor: r.optimizer ? 'success.main' : 'grey.500'
                        }}
                      />
                    </Box>
                  </TableCell>
                  <TableCell align="right">{r.optimizer ? '' : leadPoints(r.behind_points)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="rules-lead">
          {leadSentence(rows)}
        </Typography>
      </CardContent>
    </Card>
  )
}
