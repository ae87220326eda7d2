// The per-item cost table on the Pricing page: pick a CSV (an item column and a cost column), see what it holds.
import { useRef, useState } from 'react'
import { Box, Button, Chip, Typography } from '@mui/material'
import type { PricingSettings } from '../../../../shared/pricing'
import { usePriceLab } from '../../api/ClientContext'
import { HiddenFileInput } from '../../components/HiddenFileInput'
import { count } from '../../format'

/** Reads the chosen CSV through the backend (a bad file is refused with its line and column) into the settings. */
export function CostTableField({
  value,
  onChange,
  dataset,
  itemWord
}: {
  value: PricingSettings
  onChange: (s: PricingSettings) => void
  dataset?: string
  /** How the dataset names an item ("item", "sku"), for the caption. */
  itemWord: string
}) {
  const { client } = usePriceLab()
  const input = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [reading, setReading] = useState(false)
  const table = value.item_costs
  const read = async (file: File) => {
    setReading(true)
    setError(null)
    try {
      const text = await file.text()
      const costs = await client.call('pricing:readCosts', { file: file.name, text, dataset })
      onChange({ ...value, item_costs: costs })
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setReading(false)
    }
  }
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      <Button variant="outlined" size="small" disabled={reading} onClick={() => input.current?.click()}>
        {table ? 'Replace cost table…' : 'Import a cost table…'}
      </Button>
      <HiddenFileInput
        ref={input}
        accept=".csv,text/csv"
        testId="cost-table-file"
        onFile={(file) => {
          if (file) void read(file)
        }}
      />
      {table ? (
        <Chip
          size="small"
          data-testid="cost-table"
          label={`${table.file}: ${count(table.rows.length)} ${table.item_column} costs (column "${table.cost_column}")`}
          onDelete={() => onChange({ ...value, item_costs: null })}
        />
      ) : (
        <Typography variant="caption" color="text.secondary">
          CSV with one row per {itemWord}: its {itemWord} column and a cost column (cost, unit_cost). Wins
          over a mapped cost and the cost share.
        </Typography>
      )}
      {error && (
        <Typography variant="caption" color="error" data-testid="cost-table-error" sx={{ width: '100%' }}>
          {error}
        </Typography>
      )}
    </Box>
  )
}
