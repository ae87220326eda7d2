import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import type { ElasticitySource } from '../../../shared/elasticity/results'
import type { DatasetInfo } from '../../../shared/data/results'
import type { PriceLabClient } from '../api/client'
import { usePriceLab } from '../api/ClientContext'

/** One entry of the app bar's list: a sales dataset (priceable) or a table without price and quantity. */
export interface DatasetOption {
  id: string
  label: string
  rows: number
  /** 'sales': has price and quantity (Elasticity, Pricing); 'table': e.g. customers (Propensity, Data). */
  kind: 'sales' | 'table'
}

/** The dataset every page is about: runs, scenarios and cards are filtered to it, labels follow it. */
interface DatasetState {
  /** The datasets the project offers that can be priced (the EdTech sample is one of them when generated). */
  sources: ElasticitySource[]
  /** Every dataset the app bar lists: the priceable ones, then the imported tables without price or quantity. */
  options: DatasetOption[]
  /** The current dataset's id ('' while the project has none). */
  dataset: string
  /** The current dataset when it can be priced; null for a customer table (or none). */
  current: ElasticitySource | null
  /** The current dataset as imported (its columns and roles); null for the EdTech sample. */
  info: DatasetInfo | null
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

/** The priceable datasets and every imported one (a failed list of imports leaves the priceable ones). */
async function readDatasets(client: PriceLabClient) {
  const [src, infos] = await Promise.all([
    client.call('elasticity:sources', {}),
    client.call('data:datasets', {}).catch((e: unknown) => {
      console.warn(`PriceLab: cannot list the imported tables: ${e instanceof Error ? e.message : String(e)}`)
      return [] as DatasetInfo[]
    })
  ])
  const options: DatasetOption[] = [
    ...src.map((x) => ({ id: x.id, label: x.label, rows: x.rows, kind: 'sales' as const })),
    ...infos
      .filter((d) => !src.some((x) => x.id === d.name))
      .map((d) => ({ id: d.name, label: d.name, rows: d.rows, kind: 'table' as const }))
  ]
  return { src, infos, options }
}

export function DatasetProvider({ children }: { children: ReactNode }) {
  const { client, project, dataVersion } = usePriceLab()
  const [sources, setSources] = useState<ElasticitySource[]>([])
  const [options, setOptions] = useState<DatasetOption[]>([])
  const [infos, setInfos] = useState<DatasetInfo[]>([])
  const [dataset, setChosen] = useState('')
  const [loaded, setLoaded] = useState(false)
  const path = project?.path ?? ''

  const reload = useCallback(async () => {
    if (!path) {
      setSources([])
      setOptions([])
      setInfos([])
      setChosen('')
      return
    }
    const { src, infos: all, options: listed } = await readDatasets(client)
    setSources(src)
    setInfos(all)
    setOptions(listed)
    setChosen((cur) => {
      const stored = readStored(path)
      if (listed.some((x) => x.id === cur)) return cur
      if (listed.some((x) => x.id === stored)) return stored
      return listed[0]?.id ?? ''
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
  const info = infos.find((x) => x.name === dataset) ?? null
  const edtech = isEdtechDataset(dataset)
  return (
    <Ctx.Provider value={{ sources, options, dataset, current, info, edtech, loaded, setDataset, reload }}>
      {children}
    </Ctx.Provider>
  )
}

export function useDataset(): DatasetState {
  const v = useContext(Ctx)
  if (!v) throw new Error('useDataset outside DatasetProvider')
  return v
}
