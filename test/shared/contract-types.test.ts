import { describe, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import {
  experimentDesignSchema,
  guardrailsSchema,
  importPlanSchema,
  pricingSettingsSchema,
  scenarioSchema,
  strategiesSchema
} from '../../src/shared/api'
import type { ExperimentDesign, Metric, Stratification, UnitKind } from '../../src/shared/experiments'
import type {
  Guardrails,
  PricingSettings,
  ScenarioSpec,
  StrategyConfig,
  Objective,
  DemandKind,
  RoundingDirection,
  RoundingRule
} from '../../src/shared/pricing'
import type { ImportPlan } from '../../src/shared/data/calls'
import { type DatasetRoles, datasetRolesSchema } from '../../src/shared/data/roles'

/**
 * The contract is written once (issue 18): each core type the API carries is the zod schema's
 * type, so a field added to one and not the other fails `npm run typecheck` (these assertions
 * are compiled there; at run time they do nothing).
 */
describe('core types are the contract schemas’ types', () => {
  it('experiments', () => {
    expectTypeOf<ExperimentDesign>().toEqualTypeOf<z.output<typeof experimentDesignSchema>>()
    expectTypeOf<UnitKind>().toEqualTypeOf<ExperimentDesign['units']>()
    expectTypeOf<Metric>().toEqualTypeOf<ExperimentDesign['metric']>()
    expectTypeOf<Stratification>().toEqualTypeOf<ExperimentDesign['stratify']>()
  })

  it('pricing', () => {
    expectTypeOf<Guardrails>().toEqualTypeOf<z.output<typeof guardrailsSchema>>()
    expectTypeOf<StrategyConfig>().toEqualTypeOf<z.output<typeof strategiesSchema>>()
    expectTypeOf<PricingSettings>().toEqualTypeOf<z.output<typeof pricingSettingsSchema>>()
    expectTypeOf<ScenarioSpec>().toEqualTypeOf<z.output<typeof scenarioSchema>>()
    expectTypeOf<Objective>().toEqualTypeOf<PricingSettings['objective']>()
    expectTypeOf<DemandKind>().toEqualTypeOf<PricingSettings['demand']>()
    expectTypeOf<RoundingRule>().toEqualTypeOf<Guardrails['rounding']['rule']>()
    expectTypeOf<RoundingDirection>().toEqualTypeOf<Guardrails['rounding']['direction']>()
  })

  it('data import', () => {
    expectTypeOf<DatasetRoles>().toEqualTypeOf<z.output<typeof datasetRolesSchema>>()
    expectTypeOf<ImportPlan>().toEqualTypeOf<z.output<typeof importPlanSchema>>()
  })
})
