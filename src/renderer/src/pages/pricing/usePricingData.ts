// The Pricing page's reads: saved settings, elasticity runs, the latest sheet, and the models of the dataset's run.
import { useEffect, useState } from 'react'
import type { PricingRun, PricingSettings } from '../../../../shared/pricing'
import type { ModelKind } from '../../../../shared/elasticity'
import type { RunSummary } from '../../../../shared/elasticity/results'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'

export function usePricingData(dataset: string) {
  const { client, project } = usePriceLab()
  const [settings, setSettings] = useState<PricingSettings | null>(null)
  const [runs, setRuns] = useState<RunSummary[] | null>(null)
  const [latestRun, setLatestRun] = useState<PricingRun | null>(null)
  const [models, setModels] = useState<ModelKind[]>([])
  // The dataset's segments (its latest elasticity run's): the per-segment cost shares list them.
  const [segments, setSegments] = useState<string[]>([])
  const [run, setRun] = useState<PricingRun | null>(null)
  const [error, setError] = useState<string | null>(null)

  // Everything is the dataset's own: its saved settings (guardrails, costs, objective) and its latest sheet,
  // restored when the page opens on it; another dataset's never show here.
  useLoad(
    project && dataset
      ? () =>
          Promise.all([
            client.call('pricing:settings', { dataset }),
            client.call('elasticity:runs', {}),
            client.call('pricing:run', { dataset })
          ])
      : null,
    [project, client, dataset],
    {
      onData: ([s, r, latest]) => {
        setSettings(s)
        setRuns(r)
        setLatestRun(latest)
      },
      onError: (e) => setError(e.message)
    }
  )
  // A switch clears the previous dataset's settings and sheet at once (not when its answer lands).
  const [shown, setShown] = useState(dataset)
  if (shown !== dataset) {
    setShown(dataset)
    setSettings(null)
    setLatestRun(null)
    setRun(null)
  }
  // The models offered are those of the dataset's latest elasticity run; the sheet shown is the dataset's.
  const mine = (runs ?? []).find((x) => x.dataset === dataset)
  useEffect(() => {
    setRun(latestRun && latestRun.dataset === dataset ? latestRun : null)
    if (!(runs ?? []).some((x) => x.dataset === dataset)) {
      setModels([])
      setSegments([])
    }
  }, [dataset, runs, latestRun])
  useLoad(
    mine ? () => client.call('elasticity:run', { runId: mine.run_id }) : null,
    [client, dataset, runs, latestRun],
    {
      onData: (er) => {
        setModels(er?.models.map((m) => m.name) ?? [])
        setSegments(er?.segments.map((x) => x.segment) ?? [])
      },
      onError: (e) => setError(e.message)
    }
  )

  return {
    settings,
    setSettings,
    runs,
    setRuns,
    latestRun,
    setLatestRun,
    models,
    setModels,
    segments,
    run,
    setRun,
    error,
    setError
  }
}

export type PricingData = ReturnType<typeof usePricingData>
