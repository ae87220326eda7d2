// The Data page's tables (reloaded after every write) and which one is shown (following the app bar's dataset).
import { useEffect, useRef, useState } from 'react'
import { usePriceLab } from '../api/ClientContext'
import { useLoad } from '../api/useLoad'
import { useDataset } from '../data/DatasetContext'
import { tableOfDataset, tableToShow } from '../data/dataset-table'
import type { DamagedDataset, TableInfo } from '../../../shared/data/results'

/** The project's tables and the selected one; a failed load is reported through `onError`. */
export function useDataTables(onError: (message: string) => void) {
  const { client, project, dataVersion } = usePriceLab()
  const { dataset } = useDataset()
  const [tables, setTables] = useState<TableInfo[]>([])
  const [selected, setSelected] = useState<string | null>(null)
  const [damaged, setDamaged] = useState<DamagedDataset[]>([])

  // The tables are kept while a reload runs (the shown table stays mounted); a late answer is dropped.
  useLoad(project ? () => client.call('data:tables', {}) : null, [client, project, dataVersion], {
    onData: (t) => {
      setTables(t)
      // The app bar's dataset is shown by the effect below, once both are known.
      setSelected((s) => tableToShow(t, s, ''))
    },
    onError: (e) => onError(e.message)
  })
  // A damaged dataset is left out of the tables: it is named with its repair, never silently missing.
  useLoad(project ? () => client.call('data:damagedDatasets', {}) : null, [client, project, dataVersion], {
    onData: setDamaged,
    onError: (e) => onError(e.message)
  })

  // Choosing a dataset in the app bar shows its table (it stayed on the first table, an EdTech one, before);
  // a reload of the tables (import, regenerate) keeps the table the analyst is on.
  const followed = useRef('')
  useEffect(() => {
    if (dataset === followed.current) return
    const own = tableOfDataset(tables, dataset)
    if (!own) return
    followed.current = dataset
    setSelected(own)
  }, [tables, dataset])

  return { tables, selected, setSelected, damaged }
}
