/**
 * `npm run bench -- abtest-sim [replicates] [world seeds] [seed]`: the A/B designs on the retail
 * sample (issue 26). Per design (items one by one, whole stores, a switchback by store), null
 * experiments (false positives) and experiments with prices −2% planted with the sample's own and
 * cross effects (bias against the decision's effect, 90% coverage, power next to the plan's).
 * Seeded: the same arguments give the same figures.
 */
import { runDesignBench } from '../src/core/experiments/design-bench'

export function benchAbtestDesigns(replicates = 2000, worldSeeds = [1], seed = 1) {
  const t0 = performance.now()
  const runs = worldSeeds.map((worldSeed) => ({
    world_seed: worldSeed,
    designs: runDesignBench({ worldSeed, seed, replicates, change: -0.02, alpha: 0.05, mde: 0.15 })
  }))
  return {
    replicates,
    seed,
    change: -0.02,
    alpha: 0.05,
    targets: {
      false_positive_rate: [0.035, 0.065],
      coverage_90_at_least: 0.85,
      power_within_points_of_plan: 5
    },
    runs,
    seconds: Math.round((performance.now() - t0) / 100) / 10
  }
}
