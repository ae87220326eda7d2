/** Items grouped by key: keys in first-seen order, items in input order within a group. */
export function groupBy<T, K>(xs: Iterable<T>, key: (x: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const x of xs) {
    const k = key(x)
    const g = out.get(k)
    if (g) g.push(x)
    else out.set(k, [x])
  }
  return out
}
