import { useState } from 'react'
import {
  Alert,
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
import type { OfferSummary } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { HeaderRow } from '../../components/HeaderRow'
import { NumberField } from '../../components/NumberField'
import { grouped, int } from '../../format'
import {
  DEFAULT_OFFER_POLICY,
  OFFER_POLICY_LABELS,
  offerPolicyProblems,
  type OfferPolicyForm
} from './offer-policy'

type Offers = { reference_price: number; segments: OfferSummary[]; policy: OfferPolicyForm }

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

/** Each learner's price from the segment's discount and the guardrails; priced and exported on request. */
export function PersonalizedPrices({ onError }: { onError: (e: Error) => void }) {
  const { client } = usePriceLab()
  const [policy, setPolicy] = useState<OfferPolicyForm>(DEFAULT_OFFER_POLICY)
  const [offers, setOffers] = useState<Offers | null>(null)
  const problems = offerPolicyProblems(policy)
  const price = async (download: boolean) => {
    if (problems.length) return
    try {
      const r = await client.call('propensity:offers', {
        referencePrice: policy.referencePrice ?? undefined,
        maxDiscountPct: policy.maxDiscountPct ?? undefined,
        minPrice: policy.minPrice ?? undefined,
        sensitivityExtraPct: policy.sensitivityExtraPct ?? undefined,
        export: download
      })
      setOffers({ ...r, policy })
      if (r.file) await client.saveFile(r.file.fileId, r.file.name)
    } catch (e) {
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
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          {(Object.keys(OFFER_POLICY_LABELS) as (keyof OfferPolicyForm)[]).map((k) => (
            <NumberField
              key={k}
              label={OFFER_POLICY_LABELS[k]}
              value={policy[k]}
              nullable={k === 'referencePrice'}
              onChange={(v) => setPolicy((p) => ({ ...p, [k]: v }))}
              width={k === 'referencePrice' ? 260 : 160}
              testId={`offer-${k}`}
            />
          ))}
          <Button onClick={() => void price(false)} disabled={problems.length > 0}>
            Price the offers
          </Button>
          <Button onClick={() => void price(true)} disabled={!offers || problems.length > 0}>
            Export prices
          </Button>
        </Box>
        {problems.length > 0 && (
          <Alert severity="warning" data-testid="offer-problems" sx={{ mb: 1 }}>
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </Alert>
        )}
        {offers && <OffersTable offers={offers} />}
      </CardContent>
    </Card>
  )
}
