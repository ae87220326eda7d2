/** Coefficient of determination of predictions p for observations y. */
export function rSquared(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < y.length; i++) m += y[i]
  m /= y.length
  let res = 0
  let tot = 0
  for (let i = 0; i < y.length; i++) {
    res += (y[i] - p[i]) ** 2
    tot += (y[i] - m) ** 2
  }
  return tot > 0 ? 1 - res / tot : 0
}
