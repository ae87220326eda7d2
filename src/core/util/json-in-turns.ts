/**
 * `JSON.stringify` that gives the event loop back every few milliseconds: a run's report (≈ 0.7 MB of JSON on
 * the sample) takes 4–8 ms to serialize in one piece, and the thread that does it answers nobody meanwhile.
 * The text is exactly `JSON.stringify(value, replacer)`'s, made by the pieces of json-pieces.ts; only the work
 * is cut into turns.
 */
import { jsonPieces, type Replacer } from './json-pieces'

export type { Replacer } from './json-pieces'

export interface InTurnsOptions {
  replacer?: Replacer
  /** Work between two turns, in milliseconds (default 3). */
  budgetMs?: number
  /** How a turn is given back (default: setImmediate, after pending I/O). */
  nextTurn?: () => Promise<void>
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function stringifyInTurns(
  value: unknown,
  opts: InTurnsOptions = {}
): Promise<string | undefined> {
  const budget = opts.budgetMs ?? 3
  const nextTurn = opts.nextTurn ?? immediate
  const out: string[] = []
  let since = performance.now()
  for (const piece of jsonPieces(value, opts.replacer)) {
    // A turn between two pieces once the budget is spent: never for a value that is one piece.
    if (out.length && performance.now() - since >= budget) {
      await nextTurn()
      since = performance.now()
    }
    out.push(piece)
  }
  return out.length ? out.join('') : undefined
}
