// The A/B design wizard: units → arms → power → assignment → review → export, the plan recomputed as the design changes.
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'
import { Alert, Box, Button, Stack, Step, StepLabel, Stepper } from '@mui/material'
import { useTheme } from '@mui/material/styles'
import { DEFAULT_DESIGN, type ExperimentDesign } from '../../../../shared/experiments'
import { FormValidityScope, InvalidReason, useFormValidity } from '../../components/FormValidity'
import { StaleNotice } from '../../components/StaleNotice'
import { EDTECH_SAMPLE, useDataset } from '../../data/DatasetContext'
import { ArmsStep } from './ArmsStep'
import { AssignmentStep } from './AssignmentStep'
import { PlanView } from './PlanView'
import { PowerStep } from './PowerStep'
import { ExportExperiment, SaveExperiment } from './SaveSteps'
import { UnitsStep } from './UnitsStep'
import { useDesignPlan } from './useDesignPlan'
import { itemsDesign, useWizardSources } from './wizard-sources'

const STEPS = ['Units', 'Arms', 'Power', 'Assignment', 'Review', 'Export']

export function DesignWizard({ onSaved }: { onSaved: () => void }) {
  const app = useDataset()
  const [d, setD] = useState<ExperimentDesign>(() =>
    app.dataset && app.dataset !== EDTECH_SAMPLE ? itemsDesign(DEFAULT_DESIGN, app.dataset) : DEFAULT_DESIGN
  )
  const validity = useFormValidity()
  const [step, setStep] = useState(0)
  const [accept, setAccept] = useState(false)
  const { scenarios, datasets } = useWizardSources()
  const p = useDesignPlan(d, validity)
  const { plan, busy, setSaved, compute } = p
  useDesignFollowsDataset(app.dataset, setD)
  const set = (patch: Partial<ExperimentDesign>) => {
    setD((x) => ({ ...x, ...patch }))
    setSaved(null)
  }
  const next = async () => {
    if (step >= 1 && step <= 3 && !(await compute())) return
    setStep((s) => Math.min(STEPS.length - 1, s + 1))
  }
  const save = async () => {
    if (!(await p.save(accept))) return
    onSaved()
    setStep(5)
  }
  // What every editing step gets: the design, its setter and the server's last refusal of it.
  const editing = { d, set, refusal: p.refusal }
  return (
    <FormValidityScope value={validity}>
      <Stack spacing={2}>
        <WizardStepper step={step} />
        {step === 0 && <UnitsStep d={d} set={set} datasets={datasets} />}
        {step === 1 && <ArmsStep {...editing} scenarios={scenarios} />}
        {step === 2 && (
          <PowerStep {...editing} onCompute={() => compute()} computeDisabled={busy || !validity.valid} />
        )}
        {step === 3 && (
          <AssignmentStep
            {...editing}
            segment={d.dataset ? datasets.segmentOf[d.dataset] : undefined}
            columns={d.dataset ? (datasets.idColumnsOf[d.dataset] ?? []) : []}
            recommended={plan?.cannibalization?.shared_column ?? null}
            canCompute={validity.valid}
            onRerandomize={(seed) => void compute({ ...d, seed })}
          />
        )}
        {p.error && (
          <Alert severity="error" data-testid="design-error">
            {p.error}
          </Alert>
        )}
        {plan && step >= 2 && step <= 4 && (
          <PlanPanel p={p} d={d} full={step === 4} rerunDisabled={busy || !validity.valid} />
        )}
        {step === 4 && plan && (
          <SaveExperiment
            plan={plan}
            accept={accept}
            onAccept={setAccept}
            disabled={busy || !validity.valid || p.planStale}
            onSave={save}
          />
        )}
        {step === 5 && <ExportExperiment saved={p.saved} onDownload={p.download} />}
        <WizardNav
          step={step}
          onBack={() => setStep((s) => Math.max(0, s - 1))}
          onNext={next}
          nextDisabled={busy || !d.name.trim() || !validity.valid}
        />
        <InvalidReason validity={validity} testId="design-invalid" />
      </Stack>
    </FormValidityScope>
  )
}

/**
 * The app bar's dataset is the wizard's: an imported one is designed on its items, the EdTech sample on
 * its courses or learners.
 */
function useDesignFollowsDataset(dataset: string, setD: Dispatch<SetStateAction<ExperimentDesign>>) {
  useEffect(() => {
    if (!dataset) return
    setD((x) =>
      dataset === EDTECH_SAMPLE
        ? x.units === 'items'
          ? { ...x, units: 'courses', dataset: null }
          : x
        : x.units === 'items' && x.dataset === dataset
          ? x
          : itemsDesign(x, dataset)
    )
  }, [dataset, setD])
}

/** The plan as computed, marked when the design changed since (or the last computation failed). */
function PlanPanel({
  p,
  d,
  full,
  rerunDisabled
}: {
  p: ReturnType<typeof useDesignPlan>
  d: ExperimentDesign
  full: boolean
  rerunDisabled: boolean
}) {
  const theme = useTheme()
  if (!p.plan) return null
  return (
    <StaleNotice
      computedWith={p.plannedWith}
      current={d}
      failed={p.planFailed}
      onRerun={() => void p.compute()}
      rerunLabel="Compute again"
      rerunDisabled={rerunDisabled}
      testId="plan-stale"
    >
      <PlanView plan={p.plan} full={full} theme={theme} />
    </StaleNotice>
  )
}

function WizardStepper({ step }: { step: number }) {
  return (
    <Stepper activeStep={step} alternativeLabel>
      {STEPS.map((s, k) => (
        <Step key={s} completed={k < step}>
          <StepLabel>{s}</StepLabel>
        </Step>
      ))}
    </Stepper>
  )
}

/** Back, and Next until the review (where Save takes over). */
function WizardNav({
  step,
  onBack,
  onNext,
  nextDisabled
}: {
  step: number
  onBack(): void
  onNext(): void
  nextDisabled: boolean
}) {
  return (
    <Box sx={{ display: 'flex', gap: 1 }}>
      <Button onClick={onBack} disabled={step === 0}>
        Back
      </Button>
      {step < 4 && (
        <Button variant="contained" onClick={onNext} disabled={nextDisabled}>
          Next
        </Button>
      )}
    </Box>
  )
}
