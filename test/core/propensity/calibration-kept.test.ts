import { describe, expect, it } from 'vitest'
import { generateCustomers } from '../../../src/core/propensity/customers/generate'
import { chooseCalibrator } from '../../../src/core/propensity/customers/calibrate'
import { trainCustomers } from '../../../src/core/propensity/customers/train'
import { ece } from '../../../src/core/propensity/metrics'
import { Rng, sigmoid } from '../../../src/core/util/rng'

const train = (seed: number) =>
  trainCustomers(
    generateCustomers(5000, seed),
    { dataset: 'gen', label: 'churn', id: 'customer_id' },
    { seed, folds: 3, testShare: 0.25 }
  ).report

// Issue 28: "a calibration that made ECE worse (0.028 → 0.032) is still applied". On the generated churn table at
// seeds 4 and 12 the best model (logistic) is already calibrated; Platt scaling, the better calibrator by Brier
// score, raises the held-out ECE (seed 12: validation 0.0144 → 0.0177; on the test customers 0.0202 → 0.0248).
describe('calibration is kept only when it lowers the held-out ECE', () => {
  it.each([4, 12])('seed %i: a calibration that raises the validation ECE is not applied', (seed) => {
    const r = train(seed)
    expect(r.ece_validation).not.toBeNull()
    const v = r.ece_validation as { uncalibrated: number; calibrated: number }
    expect(v.calibrated).toBeGreaterThan(v.uncalibrated)
    expect(r.calibration_applied).toBe(false)
    // The scores are the model's own: the test ECE after is the one before.
    expect(r.ece_after).toBe(r.ece_before)
  })

  it('overconfident scores are calibrated (the held-out ECE falls below 0.025 from above 0.05), seeds 1–3', () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed)
      const n = 6000
      const p = Float64Array.from({ length: n }, () => sigmoid(rng.normal(-1, 1.2)))
      const y = Uint8Array.from(p, (v) => (rng.next() < v ? 1 : 0))
      const s = p.map((v) => sigmoid(2 * Math.log(v / (1 - v))))
      const fold = Int32Array.from({ length: n }, (_, i) => i % 3)
      const c = chooseCalibrator(s, y, fold, 3)
      expect(c.ece.uncalibrated, `seed ${seed}`).toBeGreaterThan(0.05)
      expect(c.kept, `seed ${seed}`).toBe(true)
      expect(c.ece[c.candidate.method], `seed ${seed}`).toBeLessThan(0.025)
      expect(ece((c.calibrator ?? c.candidate).apply(s), y), `seed ${seed}`).toBeLessThan(0.025)
    }
  })
})
