import { useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Menu,
  MenuItem,
  TextField,
  Typography
} from '@mui/material'
import type { AppInfo, ProjectInfo, RecentProject } from '../../../shared/api'
import { usePriceLab } from '../api/ClientContext'
import { useLoad } from '../api/useLoad'
import { count, formatBytes } from '../format'

type Kind = 'open' | 'create' | 'saveAs'
const TITLES: Record<Kind, string> = {
  open: 'Open project',
  create: 'New project',
  saveAs: 'Save project as'
}

/** The open project's name, path, size, sample facts, compaction outcome and upgrade notice. */
function ProjectFacts({ project, compacted }: { project: ProjectInfo | null; compacted: string | null }) {
  return (
    <Box sx={{ flex: 1, minWidth: 240 }}>
      <Typography variant="h6" data-testid="project-name">
        {project?.name ?? 'No project open'}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div" noWrap title={project?.path}>
        {project
          ? `${project.path} · ${formatBytes(project.sizeBytes)} · schema v${project.schemaVersion}`
          : 'Create or open a project to begin'}
        {project?.sample
          ? ` · sample data seed ${project.sample.seed}, ${project.sample.start} to ${project.sample.end}`
          : ''}
      </Typography>
      {compacted && (
        <Typography variant="caption" color="success.main" component="div" data-testid="compacted">
          {compacted}
        </Typography>
      )}
      {project?.readOnly && (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="read-only">
          Read-only: {project.readOnly}. You can look at everything; to change anything, use Save as to keep a
          writable copy.
        </Alert>
      )}
      {project?.backupPath && (
        <Alert severity="info" sx={{ mt: 1 }}>
          This project was upgraded; the original is kept at {project.backupPath}
        </Alert>
      )}
    </Box>
  )
}

/** The "Recent ▾" button and its menu of recent projects (fetched when opened); picking one opens it. */
function RecentProjectsMenu({ onOpen }: { onOpen(path: string): void }) {
  const { client } = usePriceLab()
  const [recent, setRecent] = useState<RecentProject[]>([])
  const [anchor, setAnchor] = useState<HTMLElement | null>(null)
  return (
    <>
      <Button
        variant="text"
        onClick={async (e) => {
          setAnchor(e.currentTarget)
          setRecent(await client.call('project:recent', {}))
        }}
      >
        Recent ▾
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {recent.length === 0 && <MenuItem disabled>No recent projects</MenuItem>}
        {recent.map((r) => (
          <MenuItem
            key={r.path}
            disabled={!r.exists}
            onClick={() => {
              setAnchor(null)
              onOpen(r.path)
            }}
          >
            <Box>
              <Typography variant="body2">{r.name}</Typography>
              <Typography variant="caption" color="text.secondary">
                {r.path}
              </Typography>
            </Box>
          </MenuItem>
        ))}
      </Menu>
    </>
  )
}

interface PathDialogProps {
  ask: Kind | null
  path: string
  error: string | null
  onPath(path: string): void
  onClose(): void
  onGo(kind: Kind, path: string): void
}

/** Browser mode's stand-in for a native file dialog: a project file path typed by hand. */
function ProjectPathDialog({ ask, path, error, onPath, onClose, onGo }: PathDialogProps) {
  return (
    <Dialog open={!!ask} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{ask ? TITLES[ask] : ''}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          label="Project file path"
          value={path}
          onChange={(e) => onPath(e.target.value)}
          sx={{ mt: 1 }}
          helperText="A .pricelab file on this computer"
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => ask && onGo(ask, path)} disabled={!path.trim()}>
          {ask === 'open' ? 'Open' : ask === 'create' ? 'Create' : 'Save'}
        </Button>
      </DialogActions>
    </Dialog>
  )
}

/** The open project (a .pricelab file, like a workbook): new, open, save as, recent. */
export function ProjectBar() {
  const { client, project, refresh } = usePriceLab()
  const info: AppInfo | null = useLoad(() => client.call('app:info', {}), [client]).data ?? null
  const [ask, setAsk] = useState<Kind | null>(null)
  const [path, setPath] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [compacted, setCompacted] = useState<string | null>(null)

  const perform = async (kind: Kind, p: string) => {
    setError(null)
    try {
      if (kind === 'open') await client.call('project:open', { path: p })
      else if (kind === 'create') await client.call('project:create', { path: p })
      else await client.call('project:saveAs', { path: p })
      setAsk(null)
      await refresh()
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const begin = async (kind: Kind) => {
    const picked = await client.pickProject(kind)
    if (picked) return perform(kind, picked)
    // Browser mode has no native dialog: ask for a path on this machine.
    setPath(kind === 'open' ? (project?.path ?? '') : `${info?.projectsDir ?? ''}/Untitled.pricelab`)
    setError(null)
    setAsk(kind)
  }
  const compact = async () => {
    setError(null)
    try {
      const r = await client.call('project:compact', {})
      setCompacted(
        `Compacted: ${formatBytes(r.bytesBefore)} → ${formatBytes(r.bytesAfter)}, ${count(r.runsDeleted)} old run${r.runsDeleted === 1 ? '' : 's'} removed`
      )
      await refresh()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <Card sx={{ p: 2, display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
      <ProjectFacts project={project} compacted={compacted} />
      <Button variant="outlined" onClick={() => begin('create')}>
        New
      </Button>
      <Button variant="outlined" onClick={() => begin('open')}>
        Open…
      </Button>
      <Button variant="outlined" onClick={() => begin('saveAs')} disabled={!project}>
        Save as…
      </Button>
      <Button
        variant="outlined"
        disabled={!project}
        title="Delete elasticity runs beyond the latest 3 per dataset (not those a pricing run uses) and reclaim the space"
        onClick={compact}
      >
        Compact
      </Button>
      <RecentProjectsMenu onOpen={(p) => void perform('open', p)} />
      <ProjectPathDialog
        ask={ask}
        path={path}
        error={error}
        onPath={setPath}
        onClose={() => setAsk(null)}
        onGo={perform}
      />
    </Card>
  )
}
