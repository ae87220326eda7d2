import { useEffect, useRef, useState } from 'react'
import {
  Alert,
  Box,
  Button,
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
import type { StagedFile } from '../../../shared/api'
import { usePriceLab } from '../api/ClientContext'
import { useDataset } from '../data/DatasetContext'
import { tableOfDataset, tableToShow } from '../data/dataset-table'
import { FirstRun } from '../components/FirstRun'
import { ProjectBar } from '../components/ProjectBar'
import { VirtualTable } from '../components/VirtualTable'
import { ColumnSummaries } from '../components/ColumnSummaries'
import { GenerateDialog } from '../components/GenerateDialog'
import { ImportDialog } from '../components/ImportDialog'
import type { TableInfo } from '../../../shared/data/results'

/** Data: the project, its tables and datasets, import (dialog or drag and drop), browse, summarize, export. */
export function DataPage() {
  const { client, project, dataVersion } = usePriceLab()
  const [tables, setTables] = useState<TableInfo[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [view, setView] = useState<'rows' | 'summary'>('rows')
  const [generating, setGenerating] = useState(false)
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const { dataset } = useDataset()

  useEffect(() => {
    if (!project) return
    client
      .call('data:tables', {})
      .then((t) => {
        setTables(t)
        // The app bar's dataset is shown by the effect below, once both are known.
        setSelected((s) => tableToShow(t, s, ''))
      })
      .catch((e: Error) => setError(e.message))
  }, [client, project, dataVersion])

  // Choosing a dataset in the app bar shows its table (it stayed on the first table, an EdTech one, before);
  // a reload of the tables (import, regenerate) keeps the table the analyst is on.
  const followed = useRef('')
  useEffect(() => {
    if (dataset === followed.current) return
    const own = tableOfDataset(tables, dataset)
    if (!own) return
    followed.current = dataset
    setSelected(own)
  }, [tables, dataset])

  const stage = async (file: File | undefined) => {
    if (!file) return
    setError(null)
    try {
      setStaged(await client.stageFile(file))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const exportCsv = async () => {
    if (!selected) return
    try {
      const f = await client.call('export:table', { table: selected, bom: true })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const current = tables.find((t) => t.name === selected)
  // Once the project holds data, the sample's empty tables are noise (EdTech names beside the analyst's own data).
  const listed = tables.some((t) => t.rows > 0)
    ? tables.filter((t) => t.rows > 0 || t.kind === 'dataset')
    : tables

  return (
    <Box
      sx={{
        p: 3,
        display: 'flex',
        flexDirection: 'column',
        gap: 2,
        minHeight: '100%',
        outline: dragging ? '3px dashed' : 'none',
        outlineColor: 'primary.main',
        outlineOffset: -8
      }}
      onDragOver={(e) => {
        e.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault()
        setDragging(false)
        void stage(e.dataTransfer.files[0])
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2 }}>
        <Typography variant="h5" sx={{ flex: 1 }}>
          Data
        </Typography>
        <Button variant="contained" onClick={() => fileInput.current?.click()} disabled={!project}>
          Import CSV or Excel…
        </Button>
        <Button variant="outlined" onClick={() => setGenerating(true)} disabled={!project}>
          Generate sample data
        </Button>
        <Button variant="outlined" onClick={exportCsv} disabled={!selected}>
          Export CSV
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          data-testid="file-input"
          onChange={(e) => {
            void stage(e.target.files?.[0])
            e.target.value = ''
          }}
        />
      </Box>
      <ProjectBar />
      {project && tables.length > 0 && tables.every((t) => t.rows === 0) && (
        <FirstRun onImport={() => fileInput.current?.click()} />
      )}
      {error && (
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <Card sx={{ width: 250, flexShrink: 0 }}>
          <List dense subheader={<ListSubheader>Tables</ListSubheader>} data-testid="table-list">
            {listed.map((t) => (
              <ListItemButton
                key={t.name}
                selected={t.name === selected}
                onClick={() => setSelected(t.name)}
                sx={{ '&.Mui-selected': { bgcolor: (th) => alpha(th.palette.primary.main, 0.12) } }}
              >
                <ListItemText
                  primary={t.dataset ?? t.name}
                  secondary={`${t.rows.toLocaleString('en-US')} rows${t.kind === 'dataset' ? ' · dataset' : ''}`}
                  slotProps={{ primary: { noWrap: true } }}
                />
              </ListItemButton>
            ))}
          </List>
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', px: 2, pb: 2 }}>
            Drop a CSV or Excel file anywhere on this page to import it.
          </Typography>
        </Card>
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
      </Box>
      <GenerateDialog open={generating} onClose={() => setGenerating(false)} />
      {staged && (
        <ImportDialog
          key={staged.fileId}
          file={staged}
          onClose={() => setStaged(null)}
          onImported={(table) => setSelected(table)}
        />
      )}
    </Box>
  )
}
