// The wizard's plan: computed from the design (kept, marked stale, when a later computation fails), saved, exported.
import { useState } from 'react'
import type { ExperimentDesign, PlanSummary } from '../../../../shared/experiments'
import { usePriceLab } from '../../api/ClientContext'
import type { FormValidity } from '../../components/FormValidity'
import { explainIssues } from '../../components/number-rules'
import { staleness } from '../../components/stale'
import { DESIGN_RULES } from './design-rules'

export function useDesignPlan(d: ExperimentDesign, validity: FormValidity) {
  const { client } = usePriceLab()
  // The design the shown plan was computed with, and whether the last computation failed.
  const [plannedWith, setPlannedWith] = useState<ExperimentDesign | undefined>(undefined)
  const [planFailed, setPlanFailed] = useState(false)
  const [plan, setPlan] = useState<PlanSummary | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<PlanSummary | null>(null)
  // The server's last refusal and the design it refused: its issues are shown at their fields until an edit.
  const [refused, setRefused] = useState<{ design: ExperimentDesign; error: unknown } | null>(null)
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
      setRefused({ design, error: e })
      setPlanFailed(true)
      return false
    } finally {
      setBusy(false)
    }
  }
  /** Saves the design; true once saved. */
  const save = async (acceptUnderpowered: boolean) => {
    setBusy(true)
    setError(null)
    try {
      setSaved(await client.call('experiments:save', { design: d, acceptUnderpowered }))
      return true
    } catch (e) {
      setError(explainIssues(e, DESIGN_RULES))
      setRefused({ design: d, error: e })
      return false
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
  const refusal = refused && refused.design === d ? refused.error : null
  return {
    plan,
    plannedWith,
    planFailed,
    planStale,
    error,
    refusal,
    busy,
    saved,
    setSaved,
    compute,
    save,
    download
  }
}
