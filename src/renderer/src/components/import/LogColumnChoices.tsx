import { Box, MenuItem, TextField, Typography } from '@mui/material'
import { BUCKETS, WEEKDAYS } from '../../../../shared/transactions'
import type { LogChoices } from './guessRecipe'

const BUCKET_LABEL = { day: 'Day', week: 'Week', month: 'Month' } as const
const cap = (s: string) => s[0].toUpperCase() + s.slice(1)

/** One column of the log for a role ('' allowed when the role is optional). */
function ColumnSelect(props: {
  label: string
  help: string
  columns: string[]
  value: string
  optional?: boolean
  testId: string
  onChange: (v: string) => void
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      helperText={props.help}
      slotProps={{ htmlInput: { 'data-testid': props.testId } }}
    >
      {props.optional && (
        <MenuItem value="">
          <em>None</em>
        </MenuItem>
      )}
      {props.columns.map((c) => (
        <MenuItem key={c} value={c}>
          {c}
        </MenuItem>
      ))}
    </TextField>
  )
}

/** Several columns of the log for a role (item key, segments, promotion flags). */
function ColumnsSelect(props: {
  label: string
  help: string
  columns: string[]
  value: string[]
  testId: string
  onChange: (v: string[]) => void
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(e) => {
        const v = e.target.value as unknown as string[] | string
        props.onChange(typeof v === 'string' ? v.split(',') : v)
      }}
      helperText={props.help}
      slotProps={{
        select: {
          multiple: true,
          renderValue: (v) => ((v as string[]).length ? (v as string[]).join(' + ') : '—')
        },
        htmlInput: { 'data-testid': props.testId }
      }}
    >
      {props.columns.map((c) => (
        <MenuItem key={c} value={c}>
          {c}
        </MenuItem>
      ))}
    </TextField>
  )
}

interface ChoicesProps {
  columns: string[]
  choices: LogChoices
  onChange: (patch: Partial<LogChoices>) => void
}

/** Which columns make the item and the period, and how periods are cut. */
function ItemPeriodChoices({ columns, choices, onChange }: ChoicesProps) {
  return (
    <>
      <ColumnsSelect
        label="Item"
        help="One or several columns (store + SKU)"
        columns={columns}
        value={choices.itemBy}
        testId="log-item-by"
        onChange={(itemBy) => onChange({ itemBy })}
      />
      <ColumnSelect
        label="Date or timestamp"
        help="The line's sale time"
        columns={columns}
        value={choices.time}
        testId="log-time"
        onChange={(time) => onChange({ time })}
      />
      <TextField
        select
        size="small"
        label="Period"
        value={choices.bucket}
        onChange={(e) => onChange({ bucket: e.target.value as LogChoices['bucket'] })}
        helperText="A panel row per item and period"
        slotProps={{ htmlInput: { 'data-testid': 'log-bucket' } }}
      >
        {BUCKETS.map((b) => (
          <MenuItem key={b} value={b}>
            {BUCKET_LABEL[b]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Weeks start on"
        value={choices.weekStart}
        disabled={choices.bucket !== 'week'}
        onChange={(e) => onChange({ weekStart: e.target.value as LogChoices['weekStart'] })}
        helperText="The period is the week's first day"
      >
        {WEEKDAYS.map((d) => (
          <MenuItem key={d} value={d}>
            {cap(d)}
          </MenuItem>
        ))}
      </TextField>
    </>
  )
}

/** Which columns carry each measure: price, list price, units, cost, segments and promotion flags. */
function MeasureChoices({ columns, choices, onChange }: ChoicesProps) {
  return (
    <>
      <ColumnSelect
        label="Price paid"
        help="Units-weighted average per period"
        columns={columns}
        value={choices.price}
        testId="log-price"
        onChange={(price) => onChange({ price })}
      />
      <ColumnSelect
        label="List price (optional)"
        help="Used as the panel's price when chosen"
        columns={columns}
        value={choices.listPrice}
        optional
        testId="log-list-price"
        onChange={(listPrice) => onChange({ listPrice })}
      />
      <ColumnSelect
        label="Units"
        help="Returns are negative; netted per period"
        columns={columns}
        value={choices.quantity}
        testId="log-quantity"
        onChange={(quantity) => onChange({ quantity })}
      />
      <ColumnSelect
        label="Unit cost (optional)"
        help="Units-weighted average per period"
        columns={columns}
        value={choices.cost}
        optional
        testId="log-cost"
        onChange={(cost) => onChange({ cost })}
      />
      <ColumnsSelect
        label="Segments"
        help="Describe the item (brand, category)"
        columns={columns}
        value={choices.segments}
        testId="log-segments"
        onChange={(segments) => onChange({ segments })}
      />
      <ColumnsSelect
        label="Promotion flags"
        help="Share of units sold on promotion"
        columns={columns}
        value={choices.features}
        testId="log-features"
        onChange={(features) => onChange({ features })}
      />
    </>
  )
}

/** How the sales lines become the panel: which columns make the item, the period and each measure. */
export function LogColumnChoices({ columns, choices, onChange }: ChoicesProps) {
  return (
    <Box>
      <Typography variant="subtitle2" gutterBottom>
        How the sales lines become an item × period panel
      </Typography>
      <Box
        sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 2, mt: 1.5 }}
        data-testid="log-choices"
      >
        <ItemPeriodChoices columns={columns} choices={choices} onChange={onChange} />
        <MeasureChoices columns={columns} choices={choices} onChange={onChange} />
      </Box>
    </Box>
  )
}
