import { useState } from 'react'
import {
  Box,
  Button,
  Card,
  CardContent,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  Tabs,
  Typography
} from '@mui/material'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'
import { HeaderRow } from '../../components/HeaderRow'
import { DesignWizard } from './DesignWizard'
import { AnalysisView } from './AnalysisView'
import { EDTECH_SAMPLE, useDataset } from '../../data/DatasetContext'
import { int } from '../../format'

type Saved = {
  name: string
  created_at: string
  units: number
  arms: Record<string, number>
  dataset: string | null
}

/** The saved plans of the app's dataset; plans naming no dataset are the EdTech sample's. */
export const plansOf = (all: Saved[], dataset: string): Saved[] =>
  dataset ? all.filter((s) => (s.dataset ?? EDTECH_SAMPLE) === dataset) : all

/** Experiments: design an A/B price test step by step, keep the saved plans, analyze the results that come back. */
export function ExperimentsPage() {
  const { client, project } = usePriceLab()
  const [tab, setTab] = useState<'design' | 'analyze'>('design')
  const [all, setSaved] = useState<Saved[]>([])
  // Plans designed on another dataset are listed (and analysed) under that dataset only.
  const { dataset } = useDataset()
  const saved = plansOf(all, dataset)
  const plans = useLoad(project ? () => client.call('experiments:list', {}) : null, [client, project], {
    onData: setSaved,
    onError: () => setSaved([])
  })
  const download = async (name: string) => {
    const f = await client.call('experiments:export', { name, bom: true })
    await client.saveFile(f.plan.fileId, f.plan.name)
    await client.saveFile(f.summary.fileId, f.summary.name)
  }
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">Experiments</Typography>
      <Card>
        <CardContent>
          <Tabs value={tab} onChange={(_, v: 'design' | 'analyze') => setTab(v)} sx={{ mb: 2 }}>
            <Tab value="design" label="Design a test" />
            <Tab value="analyze" label="Analyze results" />
          </Tabs>
          {tab === 'design' ? (
            <DesignWizard onSaved={plans.reload} />
          ) : (
            <AnalysisView
              experiments={saved.map((s) => s.name)}
              edtech={!dataset || dataset === EDTECH_SAMPLE}
            />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom>
            Saved experiments
          </Typography>
          {!saved.length ? (
            <Typography variant="body2" color="text.secondary">
              None yet.
            </Typography>
          ) : (
            <TableContainer>
              <Table size="small" data-testid="experiments-table">
                <HeaderRow
                  labels={['Experiment', 'Saved', 'Units', 'Arms', '']}
                  left={['Experiment', 'Saved', 'Arms', '']}
                />
                <TableBody>
                  {saved.map((s) => (
                    <TableRow key={s.name}>
                      <TableCell>{s.name}</TableCell>
                      <TableCell>{s.created_at.slice(0, 16).replace('T', ' ')}</TableCell>
                      <TableCell align="right">{int(s.units)}</TableCell>
                      <TableCell>
                        {Object.entries(s.arms)
                          .map(([a, n]) => `${a} ${int(n)}`)
                          .join(', ')}
                      </TableCell>
                      <TableCell>
                        <Button size="small" onClick={() => download(s.name)}>
                          Export plan
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </CardContent>
      </Card>
    </Box>
  )
}
