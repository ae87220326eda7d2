import type { CatalogItem } from '../../../src/core/pricing/catalog'
import type { DemandFn } from '../../../src/core/pricing/optimize'
import { DEFAULT_GUARDRAILS } from '../../../src/shared/pricing/defaults'
import type { Guardrails } from '../../../src/shared/pricing'

/** Items with constant-elasticity demand q = scale · p^ε: the optimum has a closed form. */
export interface TestItem extends CatalogItem {
  elasticity: number
  scale: number
}

export function item(id: string, price: number, elasticity: number, extra: Partial<TestItem> = {}): TestItem {
  return {
    id,
    name: `Item ${id}`,
    segment: 'A',
    tier: null,
    line: null,
    current_price: price,
    observed_min: price * 0.5,
    observed_max: price * 2,
    reference_price: price,
    reference_kind: 'category_average',
    cost: null,
    age_weeks: null,
    row: 0,
    elasticity,
    scale: 100 * Math.pow(price, -elasticity),
    ...extra
  }
}

export function constantElasticity(items: TestItem[]): DemandFn {
  return async (idx, prices) =>
    Float64Array.from(idx, (i, k) => items[i].scale * Math.pow(prices[k], items[i].elasticity))
}

/** No limits at all except a wide search range; tests switch on what they check. */
export function open(extra: Partial<Guardrails> = {}): Guardrails {
  return {
    ...DEFAULT_GUARDRAILS,
    max_increase: null,
    max_decrease: null,
    stay_in_observed: false,
    rounding: { rule: 'none', direction: 'nearest' },
    min_price: 1,
    max_price: 1000,
    ...extra
  }
}
