import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import type { ElasticitySource } from '../../../shared/elasticity/results'
import { usePriceLab } from '../api/ClientContext'

/** The dataset every page is about: runs, scenarios and cards are filtered to it, labels follow it. */
interface DatasetState {
  /** The datasets the project offers (the EdTech sample is one of them when generated). */
  sources: ElasticitySource[]
  /** The current dataset's id ('' while the project has none). */
  dataset: string
  current: ElasticitySource | null
  /** True only for the EdTech sample: EdTech words (learners, tokens) are shown for it alone. */
  edtech: boolean
  /** True once the project's datasets have been read. */
  loaded: boolean
  setDataset(id: string): void
  /** Read the datasets again (after a generate or import on this page). */
  reload(): Promise<void>
}

const Ctx = createContext<DatasetState | null>(null)

/** The choice survives reloads, per project (two projects rarely share dataset ids). */
const storageKey = (projectPath: string) => `pricelab.dataset:${projectPath}`

function readStored(projectPath: string): string {
  try {
    return localStorage.getItem(storageKey(projectPath)) ?? ''
  } catch {
    // Private mode or no storage: no remembered choice.
    return ''
  }
}

/** core/elasticity/panel's SAMPLE_DATASET, kept here so the shell does not bundle the panel reader. */
export const EDTECH_SAMPLE = 'sample:course_price_history'
export const isEdtechDataset = (id: string) => id === EDTECH_SAMPLE

export function DatasetProvider({ children }: { children: ReactNode }) {
  const { client, project, dataVersion } = usePriceLab()
  const [sources, setSources] = useState<ElasticitySource[]>([])
  const [dataset, setChosen] = useState('')
  const [loaded, setLoaded] = useState(false)
  const path = project?.path ?? ''

  const reload = useCallback(async () => {
    if (!path) {
      setSources([])
      setChosen('')
      return
    }
    const src = await client.call('elasticity:sources', {})
    setSources(src)
    setChosen((cur) => {
      const stored = readStored(path)
      if (src.some((x) => x.id === cur)) return cur
      if (src.some((x) => x.id === stored)) return stored
      return src[0]?.id ?? ''
    })
    setLoaded(true)
  }, [client, path])

  useEffect(() => {
    setLoaded(false)
    setChosen('')
    reload().catch((e: unknown) => {
      // The pages then show their "no data" state; the reason goes to the console, not nowhere.
      console.warn(`PriceLab: cannot list the datasets: ${e instanceof Error ? e.message : String(e)}`)
      setLoaded(true)
    })
  }, [reload, dataVersion])

  const setDataset = useCallback(
    (id: string) => {
      setChosen(id)
      try {
        if (path) localStorage.setItem(storageKey(path), id)
      } catch {
        // Private mode or no storage: the choice lasts for this session only.
      }
    },
    [path]
  )
  const current = sources.find((x) => x.id === dataset) ?? null
  return (
    <Ctx.Provider
      value={{ sources, dataset, current, edtech: isEdtechDataset(dataset), loaded, setDataset, reload }}
    >
      {children}
    </Ctx.Provider>
  )
}

export function useDataset(): DatasetState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useDataset outside DatasetProvider')
  return v
}
