// The Pricing page's actions: optimize (training the dataset's models first when it has none) and the exports.
import { useState } from 'react'
import type { ElasticityReport } from '../../../../shared/elasticity/results'
import type { ModelKind } from '../../../../shared/elasticity'
import { usePriceLab } from '../../api/ClientContext'
import { useJob } from '../../api/useJob'
import type { FormValidity } from '../../components/FormValidity'
import { staleness } from '../../components/stale'
import { explainIssues, fieldIssues } from '../../components/number-rules'
import type { PricingSettings } from '../../../../shared/pricing'
import type { PricingData } from './usePricingData'
import type { PricingField, pricingRules } from './settings-rules'

/** A refusal's message at each settings field it is about. */
export type FieldIssues = Partial<Record<PricingField, string>>

export function useOptimize({
  data,
  dataset,
  model,
  objectiveAuto,
  validity,
  fieldRules
}: {
  data: PricingData
  dataset: string
  model: ModelKind | 'best'
  objectiveAuto: boolean
  validity: FormValidity
  fieldRules: ReturnType<typeof pricingRules>
}) {
  const { client } = usePriceLab()
  const { settings, runs, setRuns, setModels, setSettings, setLatestRun, setRun, setError } = data
  const [busy, setBusy] = useState(false)
  const job = useJob<ElasticityReport>()
  // The settings the shown run was computed with (this page's runs), and whether the last attempt failed.
  const [ranWith, setRanWith] = useState<{ runId: number | null; key: unknown } | null>(null)
  const [failed, setFailed] = useState(false)
  // The server's refusal at each field, for the settings it refused (an edit clears it).
  const [refused, setRefused] = useState<{ settings: PricingSettings; issues: FieldIssues } | null>(null)

  /** The dataset's latest elasticity run, or none yet (then optimizing trains one first). */
  const runOf = (ds: string) =>
    (runs ?? []).filter((r) => r.dataset === ds).sort((a, b) => b.run_id - a.run_id)[0] ?? null
  const needsTraining = !!dataset && !runOf(dataset)

  /** One step: train the dataset's models where it has none, then optimize on its latest run. */
  const optimize = async () => {
    if (!settings || !validity.valid) return
    setError(null)
    let runId = dataset ? runOf(dataset)?.run_id : undefined
    if (dataset && runId === undefined) {
      const r = await job.start((jobId) => client.call('elasticity:train', { jobId, dataset }))
      if (!r?.run_id) return setFailed(true)
      runId = r.run_id
      setRuns(await client.call('elasticity:runs', {}))
      setModels(r.models.map((m) => m.name))
    }
    setBusy(true)
    try {
      const done = await client.call('pricing:optimize', {
        runId,
        settings,
        model: model === 'best' ? undefined : model,
        objectiveFromCosts: objectiveAuto
      })
      setRanWith({ runId: done.run_id, key: { settings: done.settings, model } })
      // The objective the data chose is shown in the form as the settings of the sheet.
      setSettings(done.settings)
      setFailed(false)
      setLatestRun(done)
      setRun(done)
    } catch (e) {
      // A refusal about a field is said in the field's terms (percent, label), as the form says it.
      setError(explainIssues(e, fieldRules))
      setRefused({ settings, issues: fieldIssues(e, fieldRules) })
      setFailed(true)
    } finally {
      setBusy(false)
    }
  }
  // A run from before this visit (or the study's) was computed with its own saved settings and the default model.
  const { run } = data
  const computedWith = run
    ? ranWith && ranWith.runId === run.run_id
      ? ranWith.key
      : { settings: run.settings, model: 'best' }
    : undefined
  const exportBlocked = exportBlockedBy(run, computedWith, { settings, model }, failed, validity.valid)
  const { exportSheet, exportWorkbook } = useSheetExports(run?.run_id ?? null, setError)
  const issues: FieldIssues = refused && refused.settings === settings ? refused.issues : {}
  const exports = { exportSheet, exportWorkbook, exportBlocked }
  return { optimize, ...exports, busy, job, computedWith, failed, needsTraining, issues }
}

/**
 * Why the sheet on screen cannot be exported now (null: it can): nothing stale or invalid is ever written,
 * so a sheet computed with other settings, or shown after a failed run or beside an invalid form, waits.
 */
export function exportBlockedBy(
  run: PricingData['run'],
  computedWith: unknown,
  current: unknown,
  failed: boolean,
  valid: boolean
): string | null {
  if (!run) return 'no price sheet for this dataset yet: optimize first'
  if (run.refused) return "this sheet predicts less than today's prices"
  if (!valid) return 'the settings above are not valid: fix them, then optimize again'
  const now = staleness(computedWith, current, failed)
  if (now === 'failed') return 'the last optimization failed: the sheet shown is an earlier one'
  if (now === 'settings') return 'the sheet was computed with other settings: optimize again to export these'
  return null
}

/** The sheet's exports (CSV, workbook), saved where the user picks; a failure is the page's error. */
function useSheetExports(runId: number | null, setError: (message: string | null) => void) {
  const { client } = usePriceLab()
  // The sheet on screen, by its id: never whichever run (of whichever dataset) was saved last.
  const exportSheet = async () => {
    if (runId === null) return
    try {
      const f = await client.call('pricing:export', { bom: true, runId })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const exportWorkbook = async () => {
    if (runId === null) return
    try {
      const f = await client.call('pricing:exportWorkbook', { runId })
      await client.saveFile(f.fileId, f.name)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return { exportSheet, exportWorkbook }
}
