import { useState } from 'react'
import { Box, Button, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ProfitPoint } from '../../../../shared/propensity/results'
import type { Target } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { EChart } from '../../components/EChart'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { NumberField } from '../../components/NumberField'
import { StaleNotice } from '../../components/StaleNotice'
import { fixed, grouped, int } from '../../format'
import { profitChart } from './charts'

interface Costs {
  offerCost: number
  retainedValue: number
}
interface Profit {
  target: Target
  costs: Costs
  best: ProfitPoint
  curve: ProfitPoint[]
  test_learners: number
}

/** The score above which an offer pays: its cost against the value of a learner reached, on the test learners. */
export function OfferThreshold({ target, onError }: { target: Target; onError: (e: Error) => void }) {
  const { client } = usePriceLab()
  const theme = useTheme()
  const validity = useFormValidity()
  const [costs, setCosts] = useState<Costs>({ offerCost: 10, retainedValue: 60 })
  const [profit, setProfit] = useState<Profit | null>(null)
  const [failed, setFailed] = useState(false)
  const find = async () => {
    if (!validity.valid) return
    try {
      const r = await client.call('propensity:threshold', { target, ...costs })
      setProfit({ target, costs, ...r })
      setFailed(false)
    } catch (e) {
      setFailed(true)
      onError(e as Error)
    }
  }
  const shown = profit?.target === target ? profit : null
  return (
    <FormValidityScope value={validity}>
      <Box sx={{ mt: 2, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2">Offer threshold</Typography>
        <NumberField
          label="Cost of an offer"
          unit="tokens"
          value={costs.offerCost}
          onChange={(v) => v !== null && setCosts((c) => ({ ...c, offerCost: v }))}
          nullable={false}
          min={0}
          width={190}
          testId="offer-cost"
        />
        <NumberField
          label="Value of a learner reached"
          unit="tokens"
          value={costs.retainedValue}
          onChange={(v) => v !== null && setCosts((c) => ({ ...c, retainedValue: v }))}
          nullable={false}
          min={0}
          width={240}
          testId="retained-value"
        />
        <Button onClick={() => void find()} disabled={!validity.valid}>
          Find the threshold that pays
        </Button>
        <InvalidReason validity={validity} testId="threshold-invalid" />
      </Box>
      {shown && (
        <StaleNotice computedWith={shown.costs} current={costs} failed={failed} testId="threshold-stale">
          <Typography data-testid="threshold-result" sx={{ mt: 1 }}>
            Offer to scores ≥ {fixed(shown.best.threshold, 2)}: {int(shown.best.flagged)} of{' '}
            {int(shown.test_learners)} test learners, expected net {grouped(shown.best.profit, 0)} tokens
          </Typography>
          <EChart
            height={200}
            label="Expected net value by threshold"
            option={profitChart(shown.curve, theme)}
          />
        </StaleNotice>
      )}
    </FormValidityScope>
  )
}
