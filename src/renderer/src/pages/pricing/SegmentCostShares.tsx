// Unit cost as a share of today's price per segment (the CLI's --cost-share Tropicana=0.55,other=0.4).
import { Box, FormControlLabel, Switch, Typography } from '@mui/material'
import { pricingSettingsSchema } from '../../../../shared/api'
import { boundsOf } from '../../../../shared/bounds'
import type { PricingSettings } from '../../../../shared/pricing'
import { NumberField } from '../../components/NumberField'
import { useReportProblem } from '../../components/FormValidity'

/** The key that stands for every segment not listed (core/pricing/costs OTHER_SEGMENTS). */
const OTHER = 'other'
const SHARE_BOUNDS = boundsOf(pricingSettingsSchema.shape.cost_shares.unwrap().unwrap().valueType, 100)

/**
 * One share per segment, saved with the dataset's settings; a segment left empty takes "every other" (the
 * one cost share). A listed name that is not a segment of this dataset is said so and blocks the form.
 */
export function SegmentCostShares({
  value,
  onChange,
  segments,
  segment
}: {
  value: PricingSettings
  onChange: (s: PricingSettings) => void
  /** The dataset's segments (its latest elasticity run's). */
  segments: string[]
  /** What a segment is called ("brand"). */
  segment: string
}) {
  const shares = value.cost_shares ?? {}
  const on = value.cost_shares !== null
  const unknown = Object.keys(shares).filter((k) => !segments.includes(k) && k !== OTHER)
  useReportProblem(
    unknown.length
      ? {
          label: `Cost share by ${segment}`,
          message: `no ${segment} ${unknown.map((u) => `"${u}"`).join(', ')} in this dataset: clear it`
        }
      : null
  )
  const set = (key: string, v: number | null) => {
    const next = { ...shares }
    if (v === null) delete next[key]
    else next[key] = v
    onChange({ ...value, cost_shares: next })
  }
  const rows = [...segments, ...unknown, ...(OTHER in shares && !segments.includes(OTHER) ? [OTHER] : [])]
  return (
    <Box data-testid="segment-cost-shares">
      <FormControlLabel
        control={
          <Switch
            checked={on}
            onChange={(e) => onChange({ ...value, cost_shares: e.target.checked ? {} : null })}
            slotProps={{ input: { 'aria-label': `Cost share per ${segment}` } }}
          />
        }
        label={`Cost share per ${segment}`}
      />
      {on && (
        <>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
            Unit cost as a share of today&apos;s price for each {segment}; an empty one takes the unit cost
            share above (every other {segment}). A cost table or a mapped cost column wins over both.
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            {rows.map((k) => (
              <NumberField
                key={k}
                label={k === OTHER && !segments.includes(OTHER) ? `Every other ${segment}` : k}
                unit="%"
                scale={100}
                {...SHARE_BOUNDS}
                nullable
                width={170}
                value={shares[k] ?? null}
                onChange={(v) => set(k, v)}
                testId={`cost-share-${k}`}
                issue={unknown.includes(k) ? `Not a ${segment} of this dataset: clear it` : undefined}
              />
            ))}
          </Box>
        </>
      )}
    </Box>
  )
}
