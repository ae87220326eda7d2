import { describe, expect, it } from 'vitest'
import { cli } from '../helpers'
import { designFromFlags } from '../../src/cli/experiment-commands'
import { studyDesign } from '../../src/backend/study/study-stages'
import { studyConfigSchema } from '../../src/shared/api'
import { DEFAULT_DESIGN, STRATIFICATIONS, UNIT_KINDS } from '../../src/shared/experiments'
import { TARGETS } from '../../src/shared/propensity'
import { MODEL_KINDS } from '../../src/shared/elasticity'
import { ROUNDING_RULES } from '../../src/shared/pricing'

/**
 * One default per choice (issue 18): `pricelab abtest` without flags plans the same test the
 * study pipeline plans by default and the Experiments wizard starts from (DEFAULT_DESIGN), and
 * the CLI lists its choices from the contract's constants rather than its own copies.
 */
describe('CLI defaults equal the app and pipeline defaults', () => {
  const treatment = ['change:-10%']

  it('abtest: the design without flags is the pipeline default and the wizard default', () => {
    const cliDesign = designFromFlags({ treatment })
    const study = studyConfigSchema.parse({}).experiment!
    for (const key of ['stratify', 'metric', 'alpha', 'power', 'mde', 'seed'] as const) {
      expect(cliDesign[key], key).toEqual(study[key])
      expect(cliDesign[key], key).toEqual(DEFAULT_DESIGN[key])
    }
    expect(cliDesign.units).toBe(study.units)
    expect(cliDesign).toMatchObject({ ...DEFAULT_DESIGN, arms: DEFAULT_DESIGN.arms })
  })

  it('abtest: the design equals the one the study pipeline plans from its default config', () => {
    const config = studyConfigSchema.parse({})
    const pipeline = studyDesign(config.name, config.experiment!, null)
    const cliDesign = designFromFlags({ treatment: ['optimized'], name: pipeline.name })
    expect(cliDesign).toEqual(pipeline)
  })

  it('abtest and the study agree for learners too (conversion, unstratified), and keep an explicit choice', () => {
    const config = studyConfigSchema.parse({ experiment: { units: 'learners', treatment_pct: -10 } })
    const pipeline = studyDesign(config.name, config.experiment!, null)
    const cliDesign = designFromFlags({ treatment: ['change:-10%'], units: 'learners', name: pipeline.name })
    expect(cliDesign).toEqual(pipeline)
    expect(pipeline).toMatchObject({ metric: 'conversion', stratify: 'none' })
    const chosen = studyConfigSchema.parse({
      experiment: { units: 'learners', stratify: 'segment', metric: 'revenue' }
    })
    expect(chosen.experiment).toMatchObject({ stratify: 'segment', metric: 'revenue' })
    // The config keeps its documented field order (report.json shows it).
    expect(Object.keys(studyConfigSchema.parse({}).experiment!)).toEqual([
      'units',
      'metric',
      'treatment_pct',
      'alpha',
      'power',
      'mde',
      'stratify',
      'seed',
      'accept_underpowered',
      'min_change',
      'accept_weak_treatment'
    ])
  })

  it('abtest: learners default to no stratification (they have no category) and conversion', () => {
    const d = designFromFlags({ treatment, units: 'learners' })
    expect(d).toMatchObject({ units: 'learners', stratify: 'none', metric: 'conversion' })
    // Items stratify by the dataset's segment column, which "category" stands for.
    expect(designFromFlags({ treatment, units: 'items', dataset: 'x' }).stratify).toBe(
      DEFAULT_DESIGN.stratify
    )
  })

  it('abtest: a bad choice names the contract list', () => {
    expect(() => designFromFlags({ treatment, stratify: 'region' })).toThrow(STRATIFICATIONS.join(', '))
    expect(() => designFromFlags({ treatment, units: 'stores' })).toThrow(UNIT_KINDS.join(', '))
  })

  it('usage lines list every target, model kind and rounding rule of the contract', async () => {
    const usage = async (cmd: string) => (await cli(cmd, '--help')).out
    expect(await usage('propensity')).toContain(`--target ${[...TARGETS, 'all'].join('|')}`)
    expect(await usage('elasticity')).toContain(`--models ${MODEL_KINDS.join(',')}`)
    // 'step' is given as the step itself (--round 0.05).
    expect(await usage('optimize')).toContain(
      `--round ${ROUNDING_RULES.filter((r) => r !== 'step').join('|')}|STEP`
    )
    expect(await usage('abtest')).toContain(`--stratify ${STRATIFICATIONS.join('|')}`)
  })

  it('propensity --target price_sensitivity says it is scored with every run, not "not available"', async () => {
    const r = await cli('propensity', '--db', 'unused.pricelab', '--target', 'price_sensitivity')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/every run scores it/)
    expect(r.err).not.toMatch(/not available/)
    const bad = await cli('propensity', '--db', 'unused.pricelab', '--target', 'loyalty')
    expect(bad.err).toContain([...TARGETS, 'all'].join(', '))
  })
})
