import { useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography
} from '@mui/material'
import type { OfferSummary } from '../../../../shared/propensity/results'
import { usePriceLab } from '../../api/ClientContext'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { HeaderRow } from '../../components/HeaderRow'
import { NumberField } from '../../components/NumberField'
import { StaleNotice } from '../../components/StaleNotice'
import { grouped, int } from '../../format'

/** The personalized-price guardrails as the form holds them (null = empty: the median course price). */
interface OfferPolicy {
  referencePrice: number | null
  maxDiscountPct: number
  minPrice: number
  sensitivityExtraPct: number
}
type Offers = { reference_price: number; segments: OfferSummary[]; policy: OfferPolicy }

function OffersTable({ offers }: { offers: Offers }) {
  return (
    <Table size="small" data-testid="offers">
      <HeaderRow
        labels={[
          'Segment',
          'Learners',
          'Mean discount',
          'Mean price',
          'Enrollments (list → offer)',
          'Revenue (list → offer)',
          'Set by a guardrail'
        ]}
        left={['Segment']}
      />
      <TableBody>
        {offers.segments.map((s) => (
          <TableRow key={s.segment}>
            <TableCell>{s.segment}</TableCell>
            <TableCell align="right">{int(s.learners)}</TableCell>
            <TableCell align="right">{grouped(s.mean_discount_pct, 1)}%</TableCell>
            <TableCell align="right">{grouped(s.mean_price, 1)}</TableCell>
            <TableCell align="right">
              {int(s.enrollments_at_list_price)} → {int(s.expected_enrollments)}
            </TableCell>
            <TableCell align="right">
              {int(s.revenue_at_list_price)} → {int(s.expected_revenue)}
            </TableCell>
            <TableCell align="right">{int(s.bound_by_guardrail)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  )
}

/** The guardrail fields, each checked in its own terms (a percentage from 0 to 100, a price of 0 or more). */
function PolicyFields({ policy, onPolicy }: { policy: OfferPolicy; onPolicy: (p: OfferPolicy) => void }) {
  const set = (k: keyof OfferPolicy) => (v: number | null) =>
    (k === 'referencePrice' || v !== null) && onPolicy({ ...policy, [k]: v })
  return (
    <>
      <NumberField
        label="List price (default: median course)"
        value={policy.referencePrice}
        onChange={set('referencePrice')}
        min={0}
        minExclusive
        width={260}
        testId="offer-referencePrice"
      />
      <NumberField
        label="Max discount"
        unit="%"
        value={policy.maxDiscountPct}
        onChange={set('maxDiscountPct')}
        nullable={false}
        min={0}
        max={100}
        width={160}
        testId="offer-maxDiscountPct"
      />
      <NumberField
        label="Min price"
        value={policy.minPrice}
        onChange={set('minPrice')}
        nullable={false}
        min={0}
        width={160}
        testId="offer-minPrice"
      />
      <NumberField
        label="Extra if sensitive"
        unit="%"
        value={policy.sensitivityExtraPct}
        onChange={set('sensitivityExtraPct')}
        nullable={false}
        min={0}
        max={100}
        width={160}
        testId="offer-sensitivityExtraPct"
      />
    </>
  )
}

/** Each learner's price from the segment's discount and the guardrails; priced and exported on request. */
export function PersonalizedPrices({ onError }: { onError: (e: Error) => void }) {
  const { client } = usePriceLab()
  const validity = useFormValidity()
  const [policy, setPolicy] = useState<OfferPolicy>({
    referencePrice: null,
    maxDiscountPct: 30,
    minPrice: 10,
    sensitivityExtraPct: 5
  })
  const [offers, setOffers] = useState<Offers | null>(null)
  const [failed, setFailed] = useState(false)
  const price = async (download: boolean) => {
    if (!validity.valid) return
    try {
      const r = await client.call('propensity:offers', {
        ...policy,
        referencePrice: policy.referencePrice ?? undefined,
        export: download
      })
      setOffers({ ...r, policy })
      setFailed(false)
      if (r.file) await client.saveFile(r.file.fileId, r.file.name)
    } catch (e) {
      setFailed(true)
      onError(e as Error)
    }
  }
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Personalized prices
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Each learner&apos;s price: the segment&apos;s discount from the action table, more for highly
          price-sensitive learners, then the guardrails (maximum discount, then the minimum price, which
          always wins). Expected enrollments assume a learner elasticity of −(0.5 + 2 × sensitivity) until an
          A/B test measures it.
        </Typography>
        <FormValidityScope value={validity}>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
            <PolicyFields policy={policy} onPolicy={setPolicy} />
            <Button onClick={() => void price(false)} disabled={!validity.valid}>
              Price the offers
            </Button>
            <Button onClick={() => void price(true)} disabled={!offers || !validity.valid}>
              Export prices
            </Button>
            <InvalidReason validity={validity} testId="offers-invalid" />
          </Box>
        </FormValidityScope>
        {offers && (
          <StaleNotice computedWith={offers.policy} current={policy} failed={failed} testId="offers-stale">
            <OffersTable offers={offers} />
          </StaleNotice>
        )}
      </CardContent>
    </Card>
  )
}
