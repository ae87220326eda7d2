import { useMemo, useState } from 'react'
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
  Divider
} from '@mui/material'
import { makeTheme } from './theme'
import { DataPage } from './pages/DataPage'
import { ComingPage } from './pages/ComingPage'
import { ElasticityPage } from './pages/elasticity/ElasticityPage'
import { PropensityPage } from './pages/propensity/PropensityPage'
import { PricingPage } from './pages/pricing/PricingPage'
import { ExperimentsPage } from './pages/experiments/ExperimentsPage'
import { usePriceLab } from './api/ClientContext'

type PageId = 'data' | 'elasticity' | 'propensity' | 'pricing' | 'experiments'

const PAGES: { id: PageId; label: string; icon: string; blurb: string }[] = [
  { id: 'data', label: 'Data', icon: '▦', blurb: '' },
  {
    id: 'elasticity',
    label: 'Elasticity',
    icon: '∿',
    blurb:
      'Six demand models compared on the same folds, naive and debiased elasticities per segment with intervals.'
  },
  {
    id: 'propensity',
    label: 'Propensity',
    icon: '◎',
    blurb:
      'Leak-free enrollment, churn, completion, upsell and price-sensitivity scores, segments and actions.'
  },
  {
    id: 'pricing',
    label: 'Pricing',
    icon: '◈',
    blurb: 'Strategies, a guardrailed revenue optimizer, scenarios side by side, and the price sheet export.'
  },
  {
    id: 'experiments',
    label: 'Experiments',
    icon: '⚖',
    blurb: 'A/B price tests: power, balanced seeded assignment, export and analysis of results.'
  }
]
const DRAWER = 208

export function App() {
  const dark = useMediaQuery('(prefers-color-scheme: dark)')
  const theme = useMemo(() => makeTheme(dark ? 'dark' : 'light'), [dark])
  const [page, setPage] = useState<PageId>('data')
  const { project, client } = usePriceLab()
  const current = PAGES.find((p) => p.id === page) ?? PAGES[0]
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
          {page === 'data' ? (
            <DataPage />
          ) : page === 'elasticity' ? (
            <ElasticityPage />
          ) : page === 'propensity' ? (
            <PropensityPage />
          ) : page === 'pricing' ? (
            <PricingPage onGoToElasticity={() => setPage('elasticity')} />
          ) : page === 'experiments' ? (
            <ExperimentsPage />
          ) : (
            <ComingPage title={current.label} blurb={current.blurb} onGoToData={() => setPage('data')} />
          )}
        </Box>
      </Box>
    </ThemeProvider>
  )
}
