import type * as Arrow from 'apache-arrow'
import type * as Parquet from 'parquet-wasm'

/**
 * apache-arrow and parquet-wasm, loaded the first time a Parquet file is opened: every start of the CLI, the
 * browser-mode server and the app's backend loaded them (~150 ms of the CLI's ~450 ms of loading, on the path
 * of a 96k-item optimize) for files most runs never read.
 */
let loaded: { arrow: typeof Arrow; parquet: typeof Parquet } | null = null

/** Both modules, loaded once. */
export async function parquetModules(): Promise<{ arrow: typeof Arrow; parquet: typeof Parquet }> {
  if (!loaded) {
    const [arrow, parquet] = await Promise.all([import('apache-arrow'), import('parquet-wasm')])
    loaded = { arrow: namespaceOf(arrow, 'tableFromIPC'), parquet: namespaceOf(parquet, 'ParquetFile') }
  }
  return loaded
}

/** Arrow, for code that runs only on what a loaded module read (a row group's vectors). */
export function loadedArrow(): typeof Arrow {
  if (!loaded) throw new Error('apache-arrow was used before a Parquet file was opened')
  return loaded.arrow
}

/** A CommonJS package imported as ESM may come as its `default` export only: the namespace with `name`. */
function namespaceOf<T extends object>(m: T, name: string): T {
  if (name in m) return m
  const d = (m as { default?: unknown }).default
  if (typeof d === 'object' && d !== null && name in d) return d as T
  throw new Error(`the ${name} module did not load`)
}
