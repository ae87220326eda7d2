/**
 * Label leakage: a feature that alone separates the classes (a copy of the label, or a
 * value recorded after the outcome, like "cancellation_date" for churn) makes every
 * model look perfect (AUC 1.0) and predicts nothing for customers whose outcome is not
 * known yet. Such a column is dropped before the models are fitted, with the reason.
 */
import { auc } from '../metrics'
import type { Encoder } from './encode'
import { fixed } from '../../../shared/format/numbers'

/** A single column separating the classes this well is treated as the label itself. */
export const LEAK_AUC = 0.99

export interface Leak {
  column: string
  /** The column's own AUC (or 1 − AUC when it runs the other way), ≥ LEAK_AUC. */
  auc: number
}

/**
 * Each encoded column's power alone, on the training rows: a one-hot column scores each
 * row by its level's positive rate (so a label copied as text, "Yes"/"No", is found), a
 * number or a cross-fitted target encoding by its value.
 */
export function findLeaks(encoder: Encoder, X: Float64Array, y: Uint8Array): Leak[] {
  const F = encoder.names.length
  const n = y.length
  const leaks: Leak[] = []
  for (const g of encoder.groups) {
    const score = new Float64Array(n)
    if (g.how === 'one-hot') {
      const rates = g.features.map((f) => {
        let s = 0
        let m = 0
        for (let i = 0; i < n; i++)
          if (X[i * F + f]) {
            s += y[i]
            m++
          }
        return m ? s / m : 0
      })
      for (let i = 0; i < n; i++)
        g.features.forEach((f, k) => {
          if (X[i * F + f]) score[i] = rates[k]
        })
    } else for (let i = 0; i < n; i++) score[i] = X[i * F + g.features[0]]
    const a = auc(score, y)
    const strength = Math.max(a, 1 - a)
    if (strength >= LEAK_AUC) leaks.push({ column: g.column, auc: strength })
  }
  return leaks
}

/** The dropped column's reason, in the analyst's words. */
export function leakReason(l: Leak): string {
  return `leaks the label: alone it predicts it with AUC ${fixed(l.auc, 3)} (a copy of the label, or a value recorded after the outcome?)`
}
