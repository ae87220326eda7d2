import {
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import type { PropensityRun, SegmentRow } from '../../../../shared/propensity/results'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { fixed as num, int } from '../../format'
import { BandEditor } from './BandEditor'
import { discountProblem } from './forms'

/** One segment: its learners, mean scores and profile, its discount (edited on blur) and its action. */
function SegmentActionRow({ s, onDiscount }: { s: SegmentRow; onDiscount: (text: string) => void }) {
  return (
    <TableRow>
      <TableCell>{s.segment}</TableCell>
      <TableCell align="right">{int(s.learners)}</TableCell>
      <TableCell align="right">{num(s.mean_enrollment, 2)}</TableCell>
      <TableCell align="right">{num(s.mean_churn, 2)}</TableCell>
      <TableCell align="right">{num(s.mean_price_sensitivity, 2)}</TableCell>
      <TableCell align="right">{int(s.mean_token_balance)}</TableCell>
      <TableCell align="right">{num(s.mean_completion_rate, 2)}</TableCell>
      <TableCell align="right">
        <TextField
          variant="standard"
          type="number"
          defaultValue={s.discount_pct}
          onBlur={(e) => onDiscount(e.target.value)}
          sx={{ width: 56 }}
          slotProps={{
            htmlInput: { min: 0, max: 100, 'aria-label': `Discount for ${s.segment}` }
          }}
        />
      </TableCell>
      <TableCell>{s.contact}</TableCell>
      <TableCell>{s.channel}</TableCell>
      <TableCell>{s.offer}</TableCell>
    </TableRow>
  )
}

/** Saves a segment's new discount (checked first) with the other rules unchanged; the segments come back. */
function useDiscountEdit(
  segments: SegmentRow[],
  onSegments: (s: SegmentRow[]) => void,
  onError: (e: Error | string) => void
) {
  const { client } = usePriceLab()
  const editDiscount = async (segment: string, text: string) => {
    const problem = discountProblem(segment, text)
    if (problem) return onError(problem)
    const pct = Number(text.replace(',', '.'))
    const rules = segments.map(({ segment: s, discount_pct, contact, channel, offer }) => ({
      segment: s,
      discount_pct: s === segment ? pct : discount_pct,
      contact,
      channel,
      offer
    }))
    try {
      onSegments(await client.call('propensity:segments', { rules }))
    } catch (e) {
      onError(e as Error)
    }
  }
  return editDiscount
}

/** Learners by today's enrollment band, their profile, and the rule table's action (bands and discounts editable). */
export function SegmentActions({
  run,
  segments,
  onSegments,
  onRun,
  onError
}: {
  run: PropensityRun | null
  segments: SegmentRow[]
  onSegments: (s: SegmentRow[]) => void
  onRun: (r: PropensityRun) => void
  onError: (e: Error | string) => void
}) {
  const editDiscount = useDiscountEdit(segments, onSegments, onError)
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Segments and actions
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Learners by today&apos;s enrollment propensity, with their mean scores and profile, and the action
          of the rule table; the thresholds and the discount are editable.
        </Typography>
        {run && (
          <BandEditor
            run={run}
            onError={onError}
            onApplied={(r) => {
              onSegments(r.segments)
              onRun(r.run)
            }}
          />
        )}
        <TableContainer>
          <Table size="small" data-testid="segment-actions">
            <HeaderRow
              labels={[
                'Segment',
                'Learners',
                'Enrollment',
                'Churn',
                'Price sensitivity',
                'Token balance',
                'Completion rate',
                'Discount %',
                'Contact',
                'Channel',
                'Offer'
              ]}
              left={['Segment', 'Contact', 'Channel', 'Offer']}
            />
            <TableBody>
              {segments.map((s) => (
                <SegmentActionRow
                  key={s.segment}
                  s={s}
                  onDiscount={(text) => void editDiscount(s.segment, text)}
                />
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </CardContent>
    </Card>
  )
}
