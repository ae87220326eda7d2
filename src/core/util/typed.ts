/**
 * Typed arrays filled by a plain loop. `Float64Array.from(xs, fn)` goes through the iterator protocol and a
 * callback per element: at pricing's sizes (millions of elements per call) that was seconds of CPU and garbage.
 */

/** 0, 1, …, n − 1. */
export function indices(n: number): Int32Array {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}

/** fn(0), fn(1), …, fn(n − 1) as doubles. */
export function doubles(n: number, fn: (i: number) => number): Float64Array {
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = fn(i)
  return out
}

/** Each element's field as doubles (an item's price, a row's quantity). */
export function field<T>(xs: readonly T[], fn: (x: T, i: number) => number): Float64Array {
  const out = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) out[i] = fn(xs[i], i)
  return out
}
