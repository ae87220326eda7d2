import { useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import type { ScenarioChange, ScenarioResult, ScenarioSpec } from '../../../../shared/pricing'
import { usePriceLab } from '../../api/ClientContext'
import { NumberField } from '../../components/NumberField'
import { HeaderRow } from '../../components/HeaderRow'
import { EChart } from '../../components/EChart'
import { scenarioChart, scenarioCurveChart } from './charts'
import { int, signedPct } from '../../format'
import { EDTECH_SAMPLE } from '../../data/DatasetContext'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { explainIssues } from '../../components/number-rules'
import { capitalize, SCENARIO_RULES as RULES } from './settings-rules'
import { replaceQuestion } from './scenario-replace'

const blank = (name: string): ScenarioSpec => ({
  name,
  kind: 'changes',
  changes: [{ scope: 'all', key: null, change_pct: 5 }],
  model: null,
  market_growth_pct: 0,
  competitor_move_pct: 0,
  cross_elasticity: 0.3,
  notes: ''
})
const range = (i: { low: number; high: number } | null) => (i ? `${int(i.low)} – ${int(i.high)}` : '—')

/** Scenarios: edit, save, duplicate, delete, and compare up to four side by side. */
export function ScenarioPanel({
  categories,
  sample = true,
  dataset,
  segment = 'category'
}: {
  categories: string[]
  sample?: boolean
  /** What the dataset's segments are called ("category", "brand"). */
  segment?: string
  /** The app's current dataset: only its scenarios are listed, and new ones are saved for it. */
  dataset?: string
}) {
  const { client } = usePriceLab()
  const theme = useTheme()
  const [all, setSaved] = useState<ScenarioSpec[]>([])
  // Scenarios saved before datasets were recorded are the EdTech sample's (as runs saved before units were).
  const saved = dataset ? all.filter((s) => (s.dataset ?? EDTECH_SAMPLE) === dataset) : all
  const [draft, setDraft] = useState<ScenarioSpec>(blank('All +5%'))
  const [picked, setPicked] = useState<string[]>([])
  const [results, setResults] = useState<ScenarioResult[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const validity = useFormValidity()
  // Saving under a name already taken waits for the analyst's yes.
  const [replacing, setReplacing] = useState<string | null>(null)
  // What the shown comparison was computed with: the names and each scenario as it was then.
  const [comparedWith, setComparedWith] = useState<unknown>(undefined)
  const [compareFailed, setCompareFailed] = useState(false)
  useEffect(() => {
    client.call('pricing:scenarios', {}).then(setSaved, (e: Error) => setError(e.message))
  }, [client])
  const act = async (fn: () => Promise<void>) => {
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(explainIssues(e, RULES))
    }
  }
  const setChange = (k: number, patch: Partial<ScenarioChange>) =>
    setDraft({ ...draft, changes: draft.changes.map((c, i) => (i === k ? { ...c, ...patch } : c)) })
  const store = () =>
    act(async () => {
      setReplacing(null)
      setSaved(
        await client.call('pricing:saveScenario', { scenario: dataset ? { ...draft, dataset } : draft })
      )
      setPicked((p) => (p.includes(draft.name) || p.length >= 4 ? p : [...p, draft.name]))
    })
  const question = replaceQuestion(draft.name, all, dataset, EDTECH_SAMPLE)
  const save = () => (question ? setReplacing(question) : store())
  // Picks of another dataset's scenarios (made before a switch) are not compared.
  const names = picked.filter((n) => saved.some((s) => s.name === n))
  const specsOf = (ns: string[]) => ({ names: ns, specs: ns.map((n) => saved.find((s) => s.name === n)) })
  const compare = async () => {
    setError(null)
    try {
      setResults(await client.call('pricing:compare', { names }))
      setComparedWith(specsOf(names))
      setCompareFailed(false)
    } catch (e) {
      // The comparison on screen is from before this failure: marked, not silently kept.
      setError(explainIssues(e, RULES))
      setCompareFailed(true)
    }
  }

  return (
    <Stack spacing={2}>
      <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box sx={{ width: 340 }}>
          <Typography variant="subtitle2">Saved scenarios (pick up to four)</Typography>
          {!saved.length && (
            <Typography variant="body2" color="text.secondary">
              None yet: edit one on the right and save it.
            </Typography>
          )}
          <List dense data-testid="scenario-list">
            {saved.map((s) => (
              <ListItem key={s.name} disableGutters sx={{ alignItems: 'flex-start' }}>
                <ListItemIcon sx={{ minWidth: 36 }}>
                  <Checkbox
                    size="small"
                    checked={picked.includes(s.name)}
                    disabled={!picked.includes(s.name) && picked.length >= 4}
                    onChange={(e) =>
                      setPicked((p) => (e.target.checked ? [...p, s.name] : p.filter((x) => x !== s.name)))
                    }
                    slotProps={{ input: { 'aria-label': `compare ${s.name}` } }}
                  />
                </ListItemIcon>
                <ListItemText
                  primary={s.name}
                  secondary={
                    <>
                      {s.kind === 'changes' ? s.changes.map((c) => describe(c, segment)).join(', ') : s.kind}
                      <br />
                      <Button size="small" sx={{ minWidth: 0, px: 0.5 }} onClick={() => setDraft(s)}>
                        Edit
                      </Button>
                      <Button
                        size="small"
                        sx={{ minWidth: 0, px: 0.5 }}
                        onClick={() => setDraft({ ...s, name: `${s.name} (copy)` })}
                      >
                        Duplicate
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        sx={{ minWidth: 0, px: 0.5 }}
                        onClick={() =>
                          act(async () => {
                            setSaved(await client.call('pricing:deleteScenario', { name: s.name }))
                            setPicked((p) => p.filter((x) => x !== s.name))
                          })
                        }
                      >
                        Delete
                      </Button>
                    </>
                  }
                  slotProps={{ secondary: { component: 'div' } }}
                />
              </ListItem>
            ))}
          </List>
          <Button variant="contained" onClick={compare} disabled={!names.length}>
            Compare {names.length ? `(${names.length})` : ''}
          </Button>
        </Box>
        <FormValidityScope value={validity}>
          <Stack spacing={1.5} sx={{ flex: 1, minWidth: 420 }}>
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <TextField
                size="small"
                label="Scenario name"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                slotProps={{ htmlInput: { 'data-testid': 'scenario-name' } }}
              />
              <TextField
                select
                size="small"
                label="Type"
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as ScenarioSpec['kind'] })}
                sx={{ width: 220 }}
              >
                <MenuItem value="changes">Price changes</MenuItem>
                <MenuItem value="optimized">Optimized prices (latest run)</MenuItem>
                <MenuItem value="personalized">Personalized (propensity offers)</MenuItem>
              </TextField>
            </Box>
            {draft.kind === 'changes' &&
              draft.changes.map((c, k) => (
                <Box key={k} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <TextField
                    select
                    size="small"
                    label="Applies to"
                    value={c.scope}
                    onChange={(e) =>
                      setChange(k, {
                        scope: e.target.value as ScenarioChange['scope'],
                        key: e.target.value === 'category' ? (categories[0] ?? null) : null
                      })
                    }
                    sx={{ width: 130 }}
                  >
                    <MenuItem value="all">All items</MenuItem>
                    <MenuItem value="category">{capitalize(segment)}</MenuItem>
                    <MenuItem value="item">Item</MenuItem>
                  </TextField>
                  {c.scope === 'category' && (
                    <TextField
                      select
                      size="small"
                      label={capitalize(segment)}
                      value={c.key ?? ''}
                      onChange={(e) => setChange(k, { key: e.target.value })}
                      sx={{ width: 200 }}
                    >
                      {categories.map((x) => (
                        <MenuItem key={x} value={x}>
                          {x}
                        </MenuItem>
                      ))}
                    </TextField>
                  )}
                  {c.scope === 'item' && (
                    <TextField
                      size="small"
                      label="Item id"
                      value={c.key ?? ''}
                      onChange={(e) => setChange(k, { key: e.target.value })}
                      sx={{ width: 120 }}
                    />
                  )}
                  <NumberField
                    {...RULES.change_pct}
                    value={c.change_pct}
                    width={120}
                    onChange={(v) => setChange(k, { change_pct: v ?? 0 })}
                    testId={`change-${k}`}
                  />
                  <IconButton
                    size="small"
                    title="Remove"
                    onClick={() => setDraft({ ...draft, changes: draft.changes.filter((_, i) => i !== k) })}
                  >
                    ✕
                  </IconButton>
                </Box>
              ))}
            {draft.kind === 'changes' && (
              <Box>
                <Button
                  size="small"
                  onClick={() =>
                    setDraft({
                      ...draft,
                      changes: [
                        ...draft.changes,
                        { scope: 'category', key: categories[0] ?? null, change_pct: 10 }
                      ]
                    })
                  }
                >
                  Add a change
                </Button>
              </Box>
            )}
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <NumberField
                {...RULES.market_growth_pct}
                value={draft.market_growth_pct}
                onChange={(v) => setDraft({ ...draft, market_growth_pct: v ?? 0 })}
              />
              <NumberField
                {...RULES.competitor_move_pct}
                value={draft.competitor_move_pct}
                onChange={(v) => setDraft({ ...draft, competitor_move_pct: v ?? 0 })}
              />
              <NumberField
                {...RULES.cross_elasticity}
                value={draft.cross_elasticity}
                onChange={(v) => setDraft({ ...draft, cross_elasticity: v ?? 0 })}
              />
            </Box>
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button
                variant="outlined"
                onClick={save}
                disabled={!draft.name.trim() || !validity.valid}
                data-testid="save-scenario"
              >
                Save scenario
              </Button>
              <Button onClick={() => setDraft(blank(`Scenario ${saved.length + 1}`))}>New</Button>
            </Box>
            <InvalidReason validity={validity} testId="scenario-invalid" />
          </Stack>
        </FormValidityScope>
      </Box>
      {error && (
        <Alert severity="error" data-testid="scenario-error">
          {error}
        </Alert>
      )}
      <Dialog open={replacing !== null} onClose={() => setReplacing(null)}>
        <DialogTitle>Scenario name already saved</DialogTitle>
        <DialogContent data-testid="replace-scenario-question">{replacing}</DialogContent>
        <DialogActions>
          <Button onClick={() => setReplacing(null)}>Cancel</Button>
          <Button color="warning" variant="contained" onClick={store} data-testid="replace-scenario">
            Replace
          </Button>
        </DialogActions>
      </Dialog>
      {results && (
        <StaleNotice
          computedWith={comparedWith}
          current={specsOf(names)}
          failed={compareFailed}
          onRerun={compare}
          rerunLabel="Compare again"
          rerunDisabled={!names.length}
          testId="scenario-stale"
        >
          <TableContainer>
            <Table size="small" data-testid="scenario-table">
              <HeaderRow
                labels={[
                  'Scenario',
                  'Model',
                  sample ? 'Revenue/wk' : 'Revenue/period',
                  '90% range',
                  'Change %',
                  sample ? 'Enrollments/wk' : 'Quantity/period',
                  '90% range ',
                  'Notes'
                ]}
                left={['Scenario', 'Model', 'Notes']}
              />
              <TableBody>
                {results.map((r) => (
                  <TableRow key={r.name}>
                    <TableCell>{r.name}</TableCell>
                    <TableCell>{r.model}</TableCell>
                    <TableCell align="right">{int(r.totals.revenue)}</TableCell>
                    <TableCell align="right">{range(r.totals.revenue_interval)}</TableCell>
                    <TableCell align="right">{signedPct(r.totals.revenue_change_pct, 2)}</TableCell>
                    <TableCell align="right">{int(r.totals.enrollments)}</TableCell>
                    <TableCell align="right">{range(r.totals.enrollments_interval)}</TableCell>
                    <TableCell>{r.notes.join('; ') || '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <Box data-testid="chart-scenarios" sx={{ flex: '1 1 480px' }}>
              <Typography variant="subtitle2">Revenue change by {segment}</Typography>
              <EChart
                option={scenarioChart(results, theme)}
                height={280}
                label={`Revenue change by ${segment} per scenario`}
              />
            </Box>
            <Box data-testid="chart-scenario-curve" sx={{ flex: '1 1 420px' }}>
              <Typography variant="subtitle2">
                Revenue per {sample ? 'week' : 'period'} if every price moved alike (dashed), and each
                scenario (dot)
              </Typography>
              <EChart
                option={scenarioCurveChart(results, theme)}
                height={280}
                label="Revenue curve and scenarios"
              />
            </Box>
          </Box>
        </StaleNotice>
      )}
    </Stack>
  )
}

function describe(c: ScenarioChange, segment: string): string {
  const p = `${c.change_pct >= 0 ? '+' : ''}${c.change_pct.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`
  if (c.scope === 'all') return `every item ${p}`
  return `${c.scope === 'category' ? segment : c.scope} ${c.key}: ${p}`
}
