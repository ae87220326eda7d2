import { useState } from 'react'
import { Box, Button, Typography } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ProfitPoint, Target } from '../../../../shared/propensity'
import { usePriceLab } from '../../api/ClientContext'
import { EChart } from '../../components/EChart'
import { NumberField } from '../../components/NumberField'
import { fixed, grouped, int } from '../../format'
import { profitChart } from './charts'

interface Profit {
  target: Target
  offerCost: number
  retainedValue: number
  best: ProfitPoint
  curve: ProfitPoint[]
  test_learners: number
}

/** The score above which an offer pays: its cost against the value of a learner reached, on the test learners. */
export function OfferThreshold({ target, onError }: { target: Target; onError: (e: Error) => void }) {
  const { client } = usePriceLab()
  const theme = useTheme()
  const [offerCost, setOfferCost] = useState<number | null>(10)
  const [retainedValue, setRetainedValue] = useState<number | null>(60)
  const [profit, setProfit] = useState<Profit | null>(null)
  const valid = offerCost !== null && offerCost >= 0 && retainedValue !== null && retainedValue >= 0
  const find = async () => {
    if (!valid) return
    try {
      const r = await client.call('propensity:threshold', { target, offerCost, retainedValue })
      setProfit({ target, offerCost, retainedValue, ...r })
    } catch (e) {
      onError(e as Error)
    }
  }
  const shown = profit?.target === target ? profit : null
  return (
    <>
      <Box sx={{ mt: 2, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2">Offer threshold</Typography>
        <NumberField
          label="Cost of an offer (tokens)"
          value={offerCost}
          onChange={setOfferCost}
          nullable={false}
          width={190}
          testId="offer-cost"
        />
        <NumberField
          label="Value of a learner reached (tokens)"
          value={retainedValue}
          onChange={setRetainedValue}
          nullable={false}
          width={240}
          testId="retained-value"
        />
        <Button onClick={() => void find()} disabled={!valid}>
          Find the threshold that pays
        </Button>
        {shown && (
          <Typography data-testid="threshold-result">
            Offer to scores ≥ {fixed(shown.best.threshold, 2)}: {int(shown.best.flagged)} of{' '}
            {int(shown.test_learners)} test learners, expected net {grouped(shown.best.profit, 0)} tokens
          </Typography>
        )}
      </Box>
      {shown && (
        <EChart
          height={200}
          label="Expected net value by threshold"
          option={profitChart(shown.curve, theme)}
        />
      )}
    </>
  )
}
