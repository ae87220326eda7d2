import { lazy, Suspense, useMemo } from 'react'
import {
  CssBaseline,
  ThemeProvider,
  useMediaQuery,
  Box,
  Drawer,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Typography,
  Chip,
  Divider,
  LinearProgress
} from '@mui/material'
import { makeTheme } from './theme'
import { usePriceLab } from './api/ClientContext'
import { useHashPage } from './api/useHashPage'
import { DatasetSwitcher } from './components/DatasetSwitcher'

// Each page is its own chunk, loaded when first opened: the first screen downloads the shell and the overview only.
const OverviewPage = lazy(() =>
  import('./pages/overview/OverviewPage').then((m) => ({ default: m.OverviewPage }))
)
const DataPage = lazy(() => import('./pages/DataPage').then((m) => ({ default: m.DataPage })))
const ElasticityPage = lazy(() =>
  import('./pages/elasticity/ElasticityPage').then((m) => ({ default: m.ElasticityPage }))
)
const PropensityPage = lazy(() =>
  import('./pages/propensity/PropensityPage').then((m) => ({ default: m.PropensityPage }))
)
const PricingPage = lazy(() =>
  import('./pages/pricing/PricingPage').then((m) => ({ default: m.PricingPage }))
)
const ExperimentsPage = lazy(() =>
  import('./pages/experiments/ExperimentsPage').then((m) => ({ default: m.ExperimentsPage }))
)

type PageId = 'overview' | 'data' | 'elasticity' | 'propensity' | 'pricing' | 'experiments'
const PAGE_IDS: readonly PageId[] = ['overview', 'data', 'elasticity', 'propensity', 'pricing', 'experiments']

const PAGES: { id: PageId; label: string; icon: string }[] = [
  { id: 'overview', label: 'Overview', icon: '◉' },
  { id: 'data', label: 'Data', icon: '▦' },
  { id: 'elasticity', label: 'Elasticity', icon: '∿' },
  { id: 'propensity', label: 'Propensity', icon: '◎' },
  { id: 'pricing', label: 'Pricing', icon: '◈' },
  { id: 'experiments', label: 'Experiments', icon: '⚖' }
]
const DRAWER = 208

export function App() {
  const dark = useMediaQuery('(prefers-color-scheme: dark)')
  const theme = useMemo(() => makeTheme(dark ? 'dark' : 'light'), [dark])
  const [page, setPage] = useHashPage(PAGE_IDS, 'overview')
  const { project, client } = usePriceLab()
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ display: 'flex', height: '100vh' }}>
        <Drawer
          variant="permanent"
          sx={{ width: DRAWER, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}
        >
          <Box sx={{ px: 2, py: 2 }}>
            <Typography variant="h6" sx={{ letterSpacing: 0.3 }}>
              Price<span style={{ color: theme.palette.primary.main }}>Lab</span>
            </Typography>
            <Typography variant="caption" color="text.secondary">
              Offline pricing analysis
            </Typography>
          </Box>
          <Divider />
          <List component="nav" aria-label="Sections">
            {PAGES.map((p) => (
              <ListItemButton key={p.id} selected={p.id === page} onClick={() => setPage(p.id)}>
                <ListItemIcon sx={{ minWidth: 32, fontSize: 18 }}>{p.icon}</ListItemIcon>
                <ListItemText primary={p.label} />
              </ListItemButton>
            ))}
          </List>
          <Box sx={{ flex: 1 }} />
          <Box sx={{ p: 2 }}>
            <Typography variant="caption" color="text.secondary" component="div" noWrap title={project?.path}>
              {project ? project.name : 'No project'}
            </Typography>
            <Chip
              size="small"
              label={client.mode === 'electron' ? 'Desktop' : 'Browser mode'}
              sx={{ mt: 0.5 }}
            />
          </Box>
        </Drawer>
        <Box component="main" sx={{ flex: 1, minWidth: 0, overflow: 'auto' }}>
          <DatasetSwitcher />
          <Suspense fallback={<LinearProgress aria-label="Loading the page" />}>
            {page === 'overview' ? (
              <OverviewPage onGo={setPage} />
            ) : page === 'data' ? (
              <DataPage />
            ) : page === 'elasticity' ? (
              <ElasticityPage />
            ) : page === 'propensity' ? (
              <PropensityPage />
            ) : page === 'pricing' ? (
              <PricingPage onGoToData={() => setPage('data')} />
            ) : (
              <ExperimentsPage />
            )}
          </Suspense>
        </Box>
      </Box>
    </ThemeProvider>
  )
}
