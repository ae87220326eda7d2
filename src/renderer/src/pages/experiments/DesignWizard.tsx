import { useEffect, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography
} from '@mui/material'
import { useTheme } from '@mui/material/styles'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../../../shared/experiments'
import type { PlanSummary } from '../../../../shared/experiments'
import { usePriceLab } from '../../api/ClientContext'
import { NumberField } from '../../components/NumberField'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { staleness } from '../../components/stale'
import { explainIssues } from '../../components/number-rules'
import { EDTECH_SAMPLE, useDataset } from '../../data/DatasetContext'
import { PlanView } from './PlanView'
import { int } from '../../format'
import { DESIGN_RULES } from './design-rules'
import { ArmsStep } from './ArmsStep'
import { AssignmentStep } from './AssignmentStep'

const STEPS = ['Units', 'Arms', 'Power', 'Assignment', 'Review', 'Export']
/** Units → arms → power → assignment → review → export, with the plan recomputed as the design changes. */
export function DesignWizard({ onSaved }: { onSaved: () => void }) {
  const { client } = usePriceLab()
  const theme = useTheme()
  const app = useDataset()
  const [d, setD] = useState<ExperimentDesign>(() =>
    app.dataset && app.dataset !== EDTECH_SAMPLE ? itemsDesign(DEFAULT_DESIGN, app.dataset) : DEFAULT_DESIGN
  )
  const validity = useFormValidity()
  // Courses and learners are the EdTech sample's units: offered only where the project has it.
  const hasSample = app.sources.some((x) => x.id === EDTECH_SAMPLE)
  // The design the shown plan was computed with, and whether the last computation failed.
  const [plannedWith, setPlannedWith] = useState<ExperimentDesign | undefined>(undefined)
  const [planFailed, setPlanFailed] = useState(false)
  const [step, setStep] = useState(0)
  const [plan, setPlan] = useState<PlanSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [scenarios, setScenarios] = useState<string[]>([])
  const [datasets, setDatasets] = useState<string[]>([])
  const [segmentOf, setSegmentOf] = useState<Record<string, string | undefined>>({})
  // Per dataset: its item and period columns (the units' and metric's words) and the other id columns.
  const [itemOf, setItemOf] = useState<Record<string, string | undefined>>({})
  const [periodOf, setPeriodOf] = useState<Record<string, string | undefined>>({})
  const [idColumnsOf, setIdColumnsOf] = useState<Record<string, string[]>>({})
  const [saved, setSaved] = useState<PlanSummary | null>(null)
  const [accept, setAccept] = useState(false)
  useEffect(() => {
    client.call('pricing:scenarios', {}).then(
      (s) => setScenarios(s.filter((x) => x.kind === 'changes').map((x) => x.name)),
      () => setScenarios([])
    )
    client.call('data:datasets', {}).then(
      (ds) => {
        const usable = ds.filter((x) => x.roles.item && x.roles.price && x.roles.quantity)
        setDatasets(usable.map((x) => x.name))
        setSegmentOf(Object.fromEntries(usable.map((x) => [x.name, x.roles.segments?.[0]])))
        setItemOf(Object.fromEntries(usable.map((x) => [x.name, x.roles.item ?? undefined])))
        setPeriodOf(Object.fromEntries(usable.map((x) => [x.name, x.roles.period ?? undefined])))
        setIdColumnsOf(Object.fromEntries(usable.map((x) => [x.name, idColumns(x)])))
      },
      () => setDatasets([])
    )
  }, [client])
  // The app bar's dataset is the wizard's: an imported one is designed on its items, the EdTech sample on
  // its courses or learners.
  useEffect(() => {
    if (!app.dataset) return
    setD((x) =>
      app.dataset === EDTECH_SAMPLE
        ? x.units === 'items'
          ? { ...x, units: 'courses', dataset: null }
          : x
        : x.units === 'items' && x.dataset === app.dataset
          ? x
          : itemsDesign(x, app.dataset)
    )
  }, [app.dataset])
  const set = (patch: Partial<ExperimentDesign>) => {
    setD((x) => ({ ...x, ...patch }))
    setSaved(null)
  }
  const compute = async (design = d) => {
    if (!validity.valid) return false
    setBusy(true)
    setError(null)
    try {
      setPlan(await client.call('experiments:design', { design }))
      setPlannedWith(design)
      setPlanFailed(false)
      return true
    } catch (e) {
      // Said in the fields' terms; the plan on screen (if any) stays, marked as from before.
      setError(explainIssues(e, DESIGN_RULES))
      setPlanFailed(true)
      return false
    } finally {
      setBusy(false)
    }
  }
  const next = async () => {
    if (step >= 1 && step <= 3 && !(await compute())) return
    setStep((s) => Math.min(STEPS.length - 1, s + 1))
  }
  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      setSaved(await client.call('experiments:save', { design: d, acceptUnderpowered: accept }))
      onSaved()
      setStep(5)
    } catch (e) {
      setError(explainIssues(e, DESIGN_RULES))
    } finally {
      setBusy(false)
    }
  }
  const planStale = plan !== null && staleness(plannedWith, d, planFailed) !== 'fresh'
  const download = async () => {
    try {
      const f = await client.call('experiments:export', { name: d.name, bom: true })
      await client.saveFile(f.plan.fileId, f.plan.name)
      await client.saveFile(f.summary.fileId, f.summary.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <FormValidityScope value={validity}>
      <Stack spacing={2}>
        <Stepper activeStep={step} alternativeLabel>
          {STEPS.map((s, k) => (
            <Step key={s} completed={k < step}>
              <StepLabel>{s}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {step === 0 && (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <TextField
              size="small"
              label="Experiment name"
              value={d.name}
              onChange={(e) => set({ name: e.target.value })}
              slotProps={{ htmlInput: { 'data-testid': 'experiment-name' } }}
            />
            <TextField
              select
              size="small"
              label="Units"
              value={d.units}
              onChange={(e) => {
                const units = e.target.value as ExperimentDesign['units']
                const dataset = units === 'items' ? (d.dataset ?? datasets[0] ?? null) : null
                // The app's dataset follows: the items' dataset, or the EdTech sample for its courses and learners.
                if (dataset) app.setDataset(dataset)
                else if (hasSample) app.setDataset(EDTECH_SAMPLE)
                set({
                  units,
                  dataset,
                  metric: units === 'learners' ? 'conversion' : 'revenue',
                  stratify: units === 'learners' ? 'none' : 'category',
                  cluster: false,
                  unit_column: null,
                  cluster_by: null,
                  arms: d.arms.map((a) =>
                    units !== 'learners' || a.change.kind === 'none' || a.change.kind === 'pct'
                      ? a
                      : { ...a, change: { kind: 'pct', pct: -10 } }
                  )
                })
              }}
              sx={{ width: 270 }}
            >
              {/* The EdTech sample's units are offered only where the project has it: a store panel sees its own. */}
              {hasSample && <MenuItem value="courses">Courses (prices per course)</MenuItem>}
              {hasSample && <MenuItem value="learners">Learners (prices they see)</MenuItem>}
              <MenuItem value="items" disabled={!datasets.length}>
                {d.units === 'items' && d.dataset
                  ? `Rows of ${d.dataset} (by ${d.unit_column ?? itemOf[d.dataset] ?? 'item'})`
                  : 'Items of an imported dataset'}
              </MenuItem>
            </TextField>
            {d.units === 'items' && d.dataset && (
              <TextField
                select
                size="small"
                label="Unit (what is randomized)"
                value={d.unit_column ?? ''}
                onChange={(e) =>
                  set({ unit_column: e.target.value || null, stratify: 'none', cluster_by: null })
                }
                sx={{ width: 220 }}
                slotProps={{ htmlInput: { 'data-testid': 'unit-column' } }}
              >
                <MenuItem value="">{`${itemOf[d.dataset] ?? 'item'} (one price each)`}</MenuItem>
                {(idColumnsOf[d.dataset] ?? []).map((c) => (
                  <MenuItem key={c} value={c}>
                    {c}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {d.units === 'items' && (
              <TextField
                select
                size="small"
                label="Dataset"
                value={d.dataset ?? ''}
                onChange={(e) => {
                  set({ dataset: e.target.value })
                  // One dataset for the whole app: the app bar (and the saved list) follow the wizard's choice.
                  app.setDataset(e.target.value)
                }}
                sx={{ width: 200 }}
              >
                {datasets.map((x) => (
                  <MenuItem key={x} value={x}>
                    {x}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <TextField
              select
              size="small"
              label="Metric"
              value={d.metric}
              onChange={(e) => set({ metric: e.target.value as ExperimentDesign['metric'] })}
              sx={{ width: 290 }}
            >
              <MenuItem value="revenue">
                {d.units === 'courses'
                  ? 'Revenue per course-week'
                  : d.units === 'items'
                    ? `Revenue per ${d.unit_column ?? (d.dataset ? itemOf[d.dataset] : null) ?? 'item'} and ${(d.dataset ? periodOf[d.dataset] : null) ?? 'period'}`
                    : 'Revenue per learner (30 days)'}
              </MenuItem>
              {d.units === 'learners' && (
                <MenuItem value="conversion">Conversion (learner enrolls in 30 days)</MenuItem>
              )}
            </TextField>
            <TextField
              size="small"
              type="date"
              label="Start date"
              value={d.start_date ?? ''}
              onChange={(e) => set({ start_date: e.target.value || null })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </Box>
        )}
        {step === 1 && <ArmsStep d={d} set={set} scenarios={scenarios} />}
        {step === 2 && (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
            <NumberField
              {...DESIGN_RULES.alpha}
              value={d.alpha}
              width={130}
              testId="alpha"
              onChange={(v) => set({ alpha: v ?? 0.05 })}
            />
            <NumberField
              {...DESIGN_RULES.power}
              value={d.power}
              width={120}
              testId="power"
              onChange={(v) => set({ power: v ?? 0.8 })}
            />
            <NumberField
              {...DESIGN_RULES.mde}
              value={d.mde}
              width={220}
              onChange={(v) => set({ mde: v })}
              testId="mde"
            />
            <Button variant="outlined" onClick={() => compute()} disabled={busy || !validity.valid}>
              Compute
            </Button>
            <Typography variant="caption" color="text.secondary">
              Leave the effect empty to see what the units can detect. Baselines come from the project&apos;s
              own history.
            </Typography>
          </Box>
        )}
        {step === 3 && (
          <AssignmentStep
            d={d}
            set={set}
            segment={d.dataset ? segmentOf[d.dataset] : undefined}
            columns={d.dataset ? (idColumnsOf[d.dataset] ?? []) : []}
            recommended={plan?.cannibalization?.shared_column ?? null}
            canCompute={validity.valid}
            onRerandomize={(seed) => void compute({ ...d, seed })}
          />
        )}
        {error && (
          <Alert severity="error" data-testid="design-error">
            {error}
          </Alert>
        )}
        {plan && step >= 2 && step <= 4 && (
          <StaleNotice
            computedWith={plannedWith}
            current={d}
            failed={planFailed}
            onRerun={() => void compute()}
            rerunLabel="Compute again"
            rerunDisabled={busy || !validity.valid}
            testId="plan-stale"
          >
            <PlanView plan={plan} full={step === 4} theme={theme} />
          </StaleNotice>
        )}
        {step === 4 && plan && (
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
            {plan.power.enough === false && (
              <FormControlLabel
                control={<Checkbox checked={accept} onChange={(e) => setAccept(e.target.checked)} />}
                label="Save it anyway: I accept the larger detectable effect"
              />
            )}
            <Button
              variant="contained"
              onClick={save}
              disabled={busy || !validity.valid || planStale || (plan.power.enough === false && !accept)}
            >
              Save experiment
            </Button>
          </Box>
        )}
        {step === 5 && (
          <Stack spacing={1}>
            {saved ? (
              <Alert severity="success">
                Saved &quot;{saved.name}&quot;: {int(saved.units)} units, seed {saved.seed}, {saved.algorithm}
                , data fingerprint {saved.fingerprint}. The plan CSV holds every unit&apos;s arm and price;
                the summary holds what anyone needs to re-derive it.
              </Alert>
            ) : (
              <Alert severity="info">Save the experiment on the Review step first.</Alert>
            )}
            <Box>
              <Button variant="contained" onClick={download} disabled={!saved}>
                Download plan CSV and summary
              </Button>
            </Box>
          </Stack>
        )}
        <Box sx={{ display: 'flex', gap: 1 }}>
          <Button onClick={() => setStep((s) => Math.max(0, s - 1))} disabled={step === 0}>
            Back
          </Button>
          {step < 4 && (
            <Button variant="contained" onClick={next} disabled={busy || !d.name.trim() || !validity.valid}>
              Next
            </Button>
          )}
        </Box>
        <InvalidReason validity={validity} testId="design-invalid" />
      </Stack>
    </FormValidityScope>
  )
}

/** A design on the items of an imported dataset (its own units, revenue, stratified by its segment column). */
function itemsDesign(x: ExperimentDesign, dataset: string): ExperimentDesign {
  return {
    ...x,
    units: 'items',
    dataset,
    metric: 'revenue',
    stratify: x.stratify === 'tier' || x.stratify === 'segment' ? 'category' : x.stratify,
    cluster: false,
    arms: x.arms.map((a) => (a.change.kind === 'scenario' ? { ...a, change: { kind: 'pct', pct: -10 } } : a))
  }
}

/** The columns that can name a unit or a cluster: text or whole-number columns that are not the price, quantity or period. */
function idColumns(x: {
  columns: { name: string; type: string }[]
  roles: { item?: string | null; price?: string | null; quantity?: string | null; period?: string | null }
}): string[] {
  const roles = new Set([x.roles.item, x.roles.price, x.roles.quantity, x.roles.period])
  return x.columns
    .filter((c) => (c.type === 'text' || c.type === 'integer') && !roles.has(c.name))
    .map((c) => c.name)
}
