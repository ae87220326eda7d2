// Pricing: model and objective, guardrails, the optimizer with its reasoning, strategies compared, scenarios, export.
import { useState, type ReactNode } from 'react'
import { Alert, Box, Button, Card, CardContent, Typography } from '@mui/material'
import type { ModelKind } from '../../../../shared/elasticity'
import { useDataset } from '../../data/DatasetContext'
import { useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { NotSalesData, useNotSales } from '../../components/NotSalesData'
import { BundlePanel } from './BundlePanel'
import { PriceSheet } from './PriceSheet'
import { PricingFormCard } from './PricingFormCard'
import { ScenarioPanel } from './ScenarioPanel'
import { pricingRules } from './settings-rules'
import { isSample, sheetWords } from './sheet-words'
import { useOptimize } from './useOptimize'
import { usePricingData } from './usePricingData'
import { priceDecimals } from '../../format'
import { segmentWord } from './wording'

export function PricingPage({
  onGoToData
}: {
  /** With no data at all, the next step is the Data page (sample or import), not Elasticity. */
  onGoToData: () => void
}) {
  // Profit first: until an objective is picked, margin wherever the data has a cost.
  const [objectiveAuto, setObjectiveAuto] = useState(true)
  // The app bar's dataset: the page prices it and shows only its price sheet.
  const ds = useDataset()
  const { sources, dataset } = ds
  const [model, setModel] = useState<ModelKind | 'best'>('best')
  const data = usePricingData(dataset)
  const { settings, run, error } = data
  const validity = useFormValidity()
  const segment = segmentWord(ds.current?.segment ?? null, isSample(dataset))
  const fieldRules = pricingRules({
    segment,
    priceUnit: run?.unit?.kind === 'tokens' ? 'tokens' : '',
    quantity: isSample(dataset) ? 'enrollments' : 'quantity'
  })
  const opt = useOptimize({ data, dataset, model, objectiveAuto, validity, fieldRules })
  const { optimize, busy, job, computedWith, failed } = opt
  const notSales = useNotSales()

  if (ds.loaded && !sources.length) return <NoDataToPrice onGoToData={onGoToData} />
  if (notSales) return <NotSalesData title="Pricing" action="price it" />
  const { sample, unitLabel } = sheetWords(run, dataset)
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Pricing</Typography>
      <PricingFormCard
        {...{ data, model, onModel: setModel, objectiveAuto, onObjectiveAuto: setObjectiveAuto }}
        {...{ validity, opt, segment }}
      />
      {error && <PricingError error={error} />}
      {run && run.portfolio && (
        <StaleNotice
          computedWith={computedWith}
          current={{ settings, model }}
          failed={failed}
          onRerun={optimize}
          rerunLabel="Optimize again"
          rerunDisabled={busy || job.running || !validity.valid}
        >
          <PriceSheet run={run} segment={segment} />
        </StaleNotice>
      )}
      {run && (
        <TitledCard title="Bundle pricing">
          <BundlePanel unit={unitLabel} sample={sample} decimals={priceDecimals(run.unit)} />
        </TitledCard>
      )}
      <TitledCard title="Scenarios">
        <ScenarioPanel
          sample={sample}
          segment={segment}
          dataset={dataset || undefined}
          sheetRunId={run?.dataset === dataset ? (run.run_id ?? null) : null}
          categories={[...new Set(run?.rows.map((r) => r.category) ?? [])].sort()}
        />
      </TitledCard>
    </Box>
  )
}

function TitledCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  )
}

function PricingError({ error }: { error: string }) {
  return (
    <Alert severity="error" data-testid="pricing-error">
      {error}
    </Alert>
  )
}

function NoDataToPrice({ onGoToData }: { onGoToData: () => void }) {
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" gutterBottom>
        Pricing
      </Typography>
      <Alert
        severity="info"
        action={
          <Button color="inherit" onClick={onGoToData}>
            Go to Data
          </Button>
        }
      >
        No data to price yet: generate a sample or import sales with price and quantity columns.
      </Alert>
    </Box>
  )
}
