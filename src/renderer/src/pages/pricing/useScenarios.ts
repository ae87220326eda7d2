// The scenario panel's state: saved scenarios (of the current dataset), the draft, picks, and the comparison.
import { useState } from 'react'
import type { ScenarioResult, ScenarioSpec } from '../../../../shared/pricing'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'
import { explainIssues } from '../../components/number-rules'
import { EDTECH_SAMPLE } from '../../data/DatasetContext'
import { SCENARIO_RULES as RULES } from './settings-rules'
import { replaceQuestion } from './scenario-replace'

export const blankScenario = (name: string): ScenarioSpec => ({
  name,
  kind: 'changes',
  changes: [{ scope: 'all', key: null, change_pct: 5 }],
  model: null,
  market_growth_pct: 0,
  competitor_move_pct: 0,
  cross_elasticity: 0.3,
  notes: ''
})

export function useScenarios(dataset: string | undefined) {
  const { client } = usePriceLab()
  const [all, setSaved] = useState<ScenarioSpec[]>([])
  // Scenarios saved before datasets were recorded are the EdTech sample's (as runs saved before units were).
  const saved = dataset ? all.filter((s) => (s.dataset ?? EDTECH_SAMPLE) === dataset) : all
  const [draft, setDraft] = useState<ScenarioSpec>(blankScenario('All +5%'))
  const [picked, setPicked] = useState<string[]>([])
  const [results, setResults] = useState<ScenarioResult[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Saving under a name already taken waits for the analyst's yes.
  const [replacing, setReplacing] = useState<string | null>(null)
  // What the shown comparison was computed with: the names and each scenario as it was then.
  const [comparedWith, setComparedWith] = useState<unknown>(undefined)
  const [compareFailed, setCompareFailed] = useState(false)
  useLoad(() => client.call('pricing:scenarios', {}), [client], {
    onData: setSaved,
    onError: (e) => setError(e.message)
  })
  const act = async (fn: () => Promise<void>) => {
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(explainIssues(e, RULES))
    }
  }
  const store = () =>
    act(async () => {
      setReplacing(null)
      setSaved(
        await client.call('pricing:saveScenario', { scenario: dataset ? { ...draft, dataset } : draft })
      )
      setPicked((p) => (p.includes(draft.name) || p.length >= 4 ? p : [...p, draft.name]))
    })
  const remove = (name: string) =>
    act(async () => {
      setSaved(await client.call('pricing:deleteScenario', { name }))
      setPicked((p) => p.filter((x) => x !== name))
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
  return {
    ...{ saved, draft, setDraft, picked, setPicked, names, results, error, replacing, setReplacing },
    ...{ comparedWith, compareFailed, current: specsOf(names), store, remove, save, compare }
  }
}
