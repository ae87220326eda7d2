import { groupBy } from '../util/group'
import { uniform } from './hash'

/** Versioned: a plan records it, so a later PriceLab re-derives the same groups or says it cannot. */
export const ASSIGNMENT_ALGORITHM = 'pricelab-assign-v1'

export interface AssignUnit {
  id: string
  stratum: string
  /** Units of one cluster always share an arm (e.g. all courses of one teacher). */
  cluster: string | null
}

export interface AssignArm {
  name: string
  weight: number
}

export interface AssignOptions {
  seed: number
  arms: AssignArm[]
  stratified: boolean
  /** Share of units (or clusters) kept out of the test at today's price. */
  holdout: number
  pinned: Map<string, string>
}

export const HOLDOUT = 'holdout'

/**
 * pricelab-assign-v1:
 *  - the randomized thing is the unit, or its cluster when one is set;
 *  - holdout: uniform(seed, "holdout|" + key) < holdout share;
 *  - complete randomization: weighted rendezvous hashing, arm = argmin over arms of
 *    −ln(uniform(seed, "arm|" + arm + "|" + key)) / weight. A unit's arm depends on
 *    nothing but its key, so adding units moves nobody, and adding an arm only moves
 *    units into the new arm;
 *  - stratified (blocked): within each stratum, keys in order of
 *    uniform(seed, "order|" + key); each next key goes to the arm furthest below its
 *    target share (ties: arm order), so each stratum is split within one unit of the
 *    target ratio. Exact balance has a price: adding a unit can move others of its
 *    stratum.
 *  - pinned units keep the arm the analyst chose and are not randomized.
 */
export function assignArms(units: AssignUnit[], o: AssignOptions): Map<string, string> {
  const total = o.arms.reduce((s, a) => s + a.weight, 0)
  const share = o.arms.map((a) => a.weight / total)
  const out = new Map<string, string>()
  const keyOf = (u: AssignUnit) => (u.cluster !== null ? `cluster:${u.cluster}` : `unit:${u.id}`)
  const free = units.filter((u) => {
    const pin = o.pinned.get(u.id)
    if (pin !== undefined) out.set(u.id, pin)
    return pin === undefined
  })
  const keys = groupBy(free, keyOf)
  const arm = new Map<string, string>()
  const inTest: string[] = []
  for (const k of keys.keys()) {
    if (o.holdout > 0 && uniform(o.seed, `holdout|${k}`) < o.holdout) arm.set(k, HOLDOUT)
    else inTest.push(k)
  }
  if (!o.stratified) {
    for (const k of inTest) {
      let best = 0
      let bestScore = Infinity
      o.arms.forEach((a, j) => {
        const score = -Math.log(uniform(o.seed, `arm|${a.name}|${k}`)) / a.weight
        if (score < bestScore) {
          bestScore = score
          best = j
        }
      })
      arm.set(k, o.arms[best].name)
    }
  } else {
    // A cluster belongs to the stratum most of its units are in.
    const stratumOf = (k: string) => {
      const counts = new Map<string, number>()
      for (const u of keys.get(k) as AssignUnit[]) counts.set(u.stratum, (counts.get(u.stratum) ?? 0) + 1)
      return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]
    }
    const strata = groupBy(inTest, stratumOf)
    for (const ks of strata.values()) {
      const order = ks.map((k) => ({ k, u: uniform(o.seed, `order|${k}`) })).sort((a, b) => a.u - b.u)
      const count = new Array(o.arms.length).fill(0)
      order.forEach(({ k }, n) => {
        let best = 0
        let bestDeficit = -Infinity
        for (let j = 0; j < o.arms.length; j++) {
          const deficit = share[j] * (n + 1) - count[j]
          if (deficit > bestDeficit + 1e-12) {
            bestDeficit = deficit
            best = j
          }
        }
        count[best]++
        arm.set(k, o.arms[best].name)
      })
    }
  }
  for (const u of free) out.set(u.id, arm.get(keyOf(u)) as string)
  return out
}
