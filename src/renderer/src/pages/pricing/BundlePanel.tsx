import { commaList } from '../../../../shared/comma-list'
import { useState } from 'react'
import { Alert, Box, Button, TextField, Typography } from '@mui/material'
import type { BundleQuote } from '../../../../shared/pricing'
import { usePriceLab } from '../../api/ClientContext'
import { NumberField } from '../../components/NumberField'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { count, fixed, grouped, money, pct } from '../../format'

/** Bundle pricing: members' recommended prices less a discount, with the bundles it should sell. */
export function BundlePanel({
  unit = 'tokens',
  sample = true,
  decimals = null
}: {
  unit?: string
  sample?: boolean
  /** The price unit's decimals (null: not recorded). */
  decimals?: number | null
}) {
  const { client } = usePriceLab()
  const validity = useFormValidity()
  const [items, setItems] = useState('')
  const [discount, setDiscount] = useState<number | null>(0.15)
  const [quote, setQuote] = useState<BundleQuote | null>(null)
  const [error, setError] = useState<string | null>(null)
  const ids = commaList(items)
  const price = async () => {
    setError(null)
    try {
      setQuote(await client.call('pricing:bundle', { items: ids, discount: discount ?? 0 }))
    } catch (e) {
      setQuote(null)
      setError((e as Error).message)
    }
  }
  return (
    <FormValidityScope value={validity}>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            size="small"
            label={`${sample ? 'Courses' : 'Items'} in the bundle (ids, comma-separated)`}
            value={items}
            onChange={(e) => setItems(e.target.value)}
            sx={{ width: 320 }}
            slotProps={{ htmlInput: { 'data-testid': 'bundle-items' } }}
          />
          <NumberField
            label="Bundle discount"
            unit="%"
            scale={100}
            value={discount}
            nullable={false}
            min={0}
            max={100}
            maxExclusive
            width={150}
            onChange={setDiscount}
          />
          <Button onClick={price} disabled={ids.length < 2 || discount === null || !validity.valid}>
            Price the bundle
          </Button>
        </Box>
        <InvalidReason validity={validity} testId="bundle-invalid" />
        {error && <Alert severity="error">{error}</Alert>}
        {quote && (
          <Typography variant="body2" data-testid="bundle-quote">
            {quote.items.length} {sample ? 'courses' : 'items'} listed at {money(quote.list_total, decimals)}{' '}
            {unit} (recommended prices) → bundle <b>{money(quote.bundle_price, decimals)}</b> {unit} (
            {pct(quote.discount)} off); price-weighted elasticity {fixed(quote.elasticity, 2)}; expected{' '}
            {grouped(quote.expected_quantity, 1)} bundles a {sample ? 'week' : 'period'},{' '}
            {count(quote.expected_revenue)} {unit} (the least-sold member&apos;s demand, lifted by the
            discount).
          </Typography>
        )}
      </Box>
    </FormValidityScope>
  )
}
