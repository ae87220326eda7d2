/**
 * Runs a statistical check at several seeds: a figure that holds at one seed is
 * not a result. Every seed runs (a failure does not stop the others), and on
 * failure the error lists each seed's value and which seeds failed, so a flaky
 * bound shows its spread instead of one unlucky number.
 *
 *   multiSeed([1, 2, 3], (seed) => estimate(seed), (v) => expect(v).toBeCloseTo(truth, 1))
 */
export function multiSeed<T>(
  seeds: readonly number[],
  run: (seed: number) => T,
  check: (value: T, seed: number) => void,
  show: (value: T) => string = defaultShow
): T[] {
  if (seeds.length < 2) throw new Error('multiSeed: give at least two seeds')
  const values = seeds.map((seed) => run(seed))
  const failures: string[] = []
  values.forEach((v, i) => {
    try {
      check(v, seeds[i])
    } catch (e) {
      failures.push(`seed ${seeds[i]}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
    }
  })
  if (failures.length)
    throw new Error(
      `${failures.length} of ${seeds.length} seeds failed\n` +
        seeds.map((s, i) => `  seed ${s}: ${show(values[i])}`).join('\n') +
        '\nfailures:\n  ' +
        failures.join('\n  ')
    )
  return values
}

function defaultShow(v: unknown): string {
  return JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(4)) : x))
}
