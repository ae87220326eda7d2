// What the A/B design wizard offers: the saved price-change scenarios and the datasets it can design on.
import type { ExperimentDesign } from '../../../../shared/experiments'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'

/** The datasets with an item, a price and a quantity, with the columns the wizard names them by. */
export interface DesignDatasets {
  names: string[]
  segmentOf: Record<string, string | undefined>
  /** Per dataset: its item and period columns (the units' and metric's words) and the other id columns. */
  itemOf: Record<string, string | undefined>
  periodOf: Record<string, string | undefined>
  idColumnsOf: Record<string, string[]>
}

const NO_DATASETS: DesignDatasets = { names: [], segmentOf: {}, itemOf: {}, periodOf: {}, idColumnsOf: {} }

export function useWizardSources(): { scenarios: string[]; datasets: DesignDatasets } {
  const { client } = usePriceLab()
  const scenarios = useLoad(
    async () =>
      (await client.call('pricing:scenarios', {})).filter((x) => x.kind === 'changes').map((x) => x.name),
    [client]
  )
  const datasets = useLoad(async () => {
    const ds = await client.call('data:datasets', {})
    const usable = ds.filter((x) => x.roles.item && x.roles.price && x.roles.quantity)
    return {
      names: usable.map((x) => x.name),
      segmentOf: Object.fromEntries(usable.map((x) => [x.name, x.roles.segments?.[0]])),
      itemOf: Object.fromEntries(usable.map((x) => [x.name, x.roles.item ?? undefined])),
      periodOf: Object.fromEntries(usable.map((x) => [x.name, x.roles.period ?? undefined])),
      idColumnsOf: Object.fromEntries(usable.map((x) => [x.name, idColumns(x)]))
    }
  }, [client])
  return { scenarios: scenarios.data ?? [], datasets: datasets.data ?? NO_DATASETS }
}

/** A design on the items of an imported dataset (its own units, revenue, stratified by its segment column). */
export function itemsDesign(x: ExperimentDesign, dataset: string): ExperimentDesign {
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
