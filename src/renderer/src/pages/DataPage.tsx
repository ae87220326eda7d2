import { useRef, useState, type ReactNode, type RefObject } from 'react'
import { Alert, Box, Button, Typography } from '@mui/material'
import type { StagedFile } from '../../../shared/api'
import { usePriceLab } from '../api/ClientContext'
import { FirstRun } from '../components/FirstRun'
import { ProjectBar } from '../components/ProjectBar'
import { GenerateDialog } from '../components/GenerateDialog'
import { ImportDialog } from '../components/ImportDialog'
import { TableList, TableView } from './DataTables'
import { useDataTables } from './useDataTables'
import { HiddenFileInput } from '../components/HiddenFileInput'

interface ToolbarProps {
  fileInput: RefObject<HTMLInputElement | null>
  canExport: boolean
  onGenerate(): void
  onExport(): void
  onFile(file: File | undefined): void
}

/** The page title and its actions: import (a hidden file input), generate the sample, export the table. */
function DataToolbar({ fileInput, canExport, onGenerate, onExport, onFile }: ToolbarProps) {
  const { project } = usePriceLab()
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2 }}>
      <Typography variant="h5" sx={{ flex: 1 }}>
        Data
      </Typography>
      <Button variant="contained" onClick={() => fileInput.current?.click()} disabled={!project}>
        Import CSV or Excel…
      </Button>
      <Button variant="outlined" onClick={onGenerate} disabled={!project}>
        Generate sample data
      </Button>
      <Button variant="outlined" onClick={onExport} disabled={!canExport}>
        Export CSV
      </Button>
      <HiddenFileInput
        ref={fileInput}
        accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        testId="file-input"
        onFile={onFile}
      />
    </Box>
  )
}

/** The page's box: a file dropped anywhere on it is imported (outlined while one is dragged over). */
function FileDropPage({ onFile, children }: { onFile(file: File | undefined): void; children: ReactNode }) {
  const [dragging, setDragging] = useState(false)
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
        onFile(e.dataTransfer.files[0])
      }}
    >
      {children}
    </Box>
  )
}

/** Data: the project, its tables and datasets, import (dialog or drag and drop), browse, summarize, export. */
export function DataPage() {
  const { client, project } = usePriceLab()
  const [generating, setGenerating] = useState(false)
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [error, setError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  const { tables, selected, setSelected, damaged } = useDataTables(setError)

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
    <FileDropPage onFile={(f) => void stage(f)}>
      <DataToolbar
        fileInput={fileInput}
        canExport={!!selected}
        onGenerate={() => setGenerating(true)}
        onExport={exportCsv}
        onFile={(f) => void stage(f)}
      />
      <ProjectBar />
      {project && tables.length > 0 && tables.every((t) => t.rows === 0) && (
        <FirstRun onImport={() => fileInput.current?.click()} />
      )}
      {error && (
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {damaged.map((d) => (
        <Alert key={d.name} severity="warning" data-testid="damaged-dataset">
          {d.message}
        </Alert>
      ))}
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <TableList tables={listed} selected={selected} onSelect={setSelected} />
        <TableView current={current} />
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
    </FileDropPage>
  )
}
