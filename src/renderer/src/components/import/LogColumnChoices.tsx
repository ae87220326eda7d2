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

type OneColumn = 'time' | 'price' | 'listPrice' | 'quantity' | 'cost'
type ManyColumns = 'itemBy' | 'segments' | 'features'

/** A role of the log's columns: which choice it sets, its words, and whether it takes one column or several. */
type Role = { label: string; help: string; testId: string } & (
  { key: OneColumn; optional?: boolean } | { key: ManyColumns; many: true }
)

const ITEM_AND_TIME: Role[] = [
  {
    key: 'itemBy',
    many: true,
    label: 'Item',
    help: 'One or several columns (store + SKU)',
    testId: 'log-item-by'
  },
  { key: 'time', label: 'Date or timestamp', help: "The line's sale time", testId: 'log-time' }
]

const MEASURES: Role[] = [
  { key: 'price', label: 'Price paid', help: 'Units-weighted average per period', testId: 'log-price' },
  {
    key: 'listPrice',
    optional: true,
    label: 'List price (optional)',
    help: "Used as the panel's price when chosen",
    testId: 'log-list-price'
  },
  {
    key: 'quantity',
    label: 'Units',
    help: 'Returns are negative; netted per period',
    testId: 'log-quantity'
  },
  {
    key: 'cost',
    optional: true,
    label: 'Unit cost (optional)',
    help: 'Units-weighted average per period',
    testId: 'log-cost'
  },
  {
    key: 'segments',
    many: true,
    label: 'Segments',
    help: 'Describe the item (brand, category)',
    testId: 'log-segments'
  },
  {
    key: 'features',
    many: true,
    label: 'Promotion flags',
    help: 'Share of units sold on promotion',
    testId: 'log-features'
  }
]

/** One select per role, each writing its own choice. */
function RoleSelects({ roles, columns, choices, onChange }: ChoicesProps & { roles: Role[] }) {
  return (
    <>
      {roles.map((r) =>
        'many' in r ? (
          <ColumnsSelect
            key={r.key}
            label={r.label}
            help={r.help}
            columns={columns}
            value={choices[r.key]}
            testId={r.testId}
            onChange={(v) => onChange({ [r.key]: v })}
          />
        ) : (
          <ColumnSelect
            key={r.key}
            label={r.label}
            help={r.help}
            columns={columns}
            value={choices[r.key]}
            optional={r.optional}
            testId={r.testId}
            onChange={(v) => onChange({ [r.key]: v })}
          />
        )
      )}
    </>
  )
}

/** How periods are cut: the bucket and, for weeks, the day they start on. */
function PeriodChoices({ choices, onChange }: Omit<ChoicesProps, 'columns'>) {
  return (
    <>
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
        <RoleSelects roles={ITEM_AND_TIME} columns={columns} choices={choices} onChange={onChange} />
        <PeriodChoices choices={choices} onChange={onChange} />
        <RoleSelects roles={MEASURES} columns={columns} choices={choices} onChange={onChange} />
      </Box>
    </Box>
  )
}
