import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_SEED } from '../../src/shared/defaults'
import { DEFAULT_DESIGN } from '../../src/shared/experiments'
import { DEFAULT_PLAN } from '../../src/core/elasticity/train'
import { DEFAULT_CUSTOMER_PLAN } from '../../src/core/propensity/customers/train'
import { root, sources } from './source-files'

describe('one default seed', () => {
  it('app, CLI, study and core take their default seed from DEFAULT_SEED, written once', () => {
    const found = sources(join(root, 'src'))
      .filter((f) => !f.endsWith(join('shared', 'defaults.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
          .filter((line) => /\bseed\b/i.test(line) && /(\?\?|:|,|\()\s*['"]?42\b/.test(line))
          .map((line) => `${relative(root, f)}: ${line.trim()}`)
      )
    expect(found).toEqual([])
  })

  it('the defaults of the plans and the design are that constant', () => {
    expect([DEFAULT_DESIGN.seed, DEFAULT_PLAN.seed, DEFAULT_CUSTOMER_PLAN.seed]).toEqual([
      DEFAULT_SEED,
      DEFAULT_SEED,
      DEFAULT_SEED
    ])
  })
})
