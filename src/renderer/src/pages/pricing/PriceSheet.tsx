// A computed price sheet: alerts, headline figures, the demand line, warnings, rules, strategies and the prices.
import { Alert, Card, CardContent, Typography } from '@mui/material'
import type { PricingRun } from '../../../../shared/pricing'
import { DemandLine } from './DemandLine'
import { PriceTable } from './PriceTable'
import { PricingKpis } from './PricingKpis'
import { RulesCard } from './RulesCard'
import { SheetAlerts } from './SheetAlerts'
import { sheetWords } from './sheet-words'
import { StrategiesCard } from './StrategiesCard'
import { WinnersLosers } from './WinnersLosers'
import { priceDecimals } from '../../format'

export function PriceSheet({ run, segment }: { run: PricingRun; segment: string }) {
  const { sample } = sheetWords(run)
  return (
    <>
      <SheetAlerts run={run} />
      <PricingKpis run={run} />
      <DemandLine run={run} segment={segment} />
      {run.warnings.map((w) => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      <RulesCard share={run.true_revenue_share_of_optimum} rules={run.rules} />
      <StrategiesCard run={run} segment={segment} />
      <Card>
        <CardContent>
          <WinnersLosers rows={run.rows} decimals={priceDecimals(run.unit)} per={sample ? 'wk' : 'period'} />
          <Typography variant="subtitle1" gutterBottom sx={{ mt: 2 }}>
            Recommended prices
          </Typography>
          <PriceTable rows={run.rows} sample={sample} segment={segment} decimals={priceDecimals(run.unit)} />
        </CardContent>
      </Card>
    </>
  )
}
