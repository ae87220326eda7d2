// The Data page's table list (left) and the chosen table's rows or column summaries (right).
import { useState } from 'react'
import {
  Alert,
  Box,
  Card,
  List,
  ListItemButton,
  ListItemText,
  ListSubheader,
  Tab,
  Tabs,
  Typography
} from '@mui/material'
import { alpha } from '@mui/material/styles'
import { VirtualTable } from '../components/VirtualTable'
import { ColumnSummaries } from '../components/ColumnSummaries'
import type { TableInfo } from '../../../shared/data/results'
import { count } from '../format'

interface ListProps {
  tables: TableInfo[]
  selected: string | null
  onSelect(name: string): void
}

/** The tables and datasets, with their row counts; a click shows one. */
export function TableList({ tables, selected, onSelect }: ListProps) {
  return (
    <Card sx={{ width: 250, flexShrink: 0 }}>
      <List dense subheader={<ListSubheader>Tables</ListSubheader>} data-testid="table-list">
        {tables.map((t) => (
          <ListItemButton
            key={t.name}
            selected={t.name === selected}
            onClick={() => onSelect(t.name)}
            sx={{ '&.Mui-selected': { bgcolor: (th) => alpha(th.palette.primary.main, 0.12) } }}
          >
            <ListItemText
              primary={t.dataset ?? t.name}
              secondary={`${count(t.rows)} rows${t.kind === 'dataset' ? ' · dataset' : ''}`}
              slotProps={{ primary: { noWrap: true } }}
            />
          </ListItemButton>
        ))}
      </List>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', px: 2, pb: 2 }}>
        Drop a CSV or Excel file anywhere on this page to import it.
      </Typography>
    </Card>
  )
}

/** The shown table: its rows (virtualized) or its column summaries; a notice when there is no data. */
export function TableView({ current }: { current: TableInfo | undefined }) {
  const [view, setView] = useState<'rows' | 'summary'>('rows')
  return (
    <Box sx={{ flex: 1, minWidth: 0 }}>
      {current ? (
        <>
          <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
            <Typography variant="h6" sx={{ flex: 1 }} data-testid="current-table">
              {current.dataset ?? current.name}
            </Typography>
            <Tabs value={view} onChange={(_, v: 'rows' | 'summary') => setView(v)}>
              <Tab value="rows" label="Rows" />
              <Tab value="summary" label="Column summaries" />
            </Tabs>
          </Box>
          {view === 'rows' ? (
            <VirtualTable key={current.name} table={current.name} columns={current.columns} />
          ) : (
            <ColumnSummaries table={current.name} />
          )}
        </>
      ) : (
        <Alert severity="info">
          This project has no data yet: generate the sample data or import a CSV file.
        </Alert>
      )}
    </Box>
  )
}
