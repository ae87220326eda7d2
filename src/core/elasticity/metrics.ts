import { meanCount } from './count-scale'

/** Accuracy of predicted log(q + 1) against observed quantities. */
export interface FitMetrics {
  /** R² on the log(quantity + 1) scale the models are fitted on. */
  r2: number
  /** Root mean squared error of the predicted mean quantity. */
  rmse: number
  /** Mean absolute percentage error of predicted quantity, over rows with quantity > 0. */
  mape: number
}

export function fitMetrics(quantity: Float64Array, rows: Uint32Array, predLog: Float64Array): FitMetrics {
  const n = rows.length
  let mean = 0
  for (const i of rows) mean += Math.log1p(quantity[i])
  mean /= n
  let ssRes = 0
  let ssTot = 0
  let se = 0
  let ape = 0
  let nPos = 0
  rows.forEach((i, k) => {
    const y = Math.log1p(quantity[i])
    ssRes += (y - predLog[k]) ** 2
    ssTot += (y - mean) ** 2
    const qhat = meanCount(predLog[k])
    se += (quantity[i] - qhat) ** 2
    if (quantity[i] > 0) {
      ape += Math.abs(quantity[i] - qhat) / quantity[i]
      nPos++
    }
  })
  return { r2: ssTot > 0 ? 1 - ssRes / ssTot : 0, rmse: Math.sqrt(se / n), mape: nPos ? ape / nPos : 0 }
}

export function rmseLog(quantity: Float64Array, rows: Uint32Array, predLog: Float64Array): number {
  let s = 0
  rows.forEach((i, k) => (s += (Math.log1p(quantity[i]) - predLog[k]) ** 2))
  return Math.sqrt(s / rows.length)
}
