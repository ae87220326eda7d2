/** The words for an import's economically impossible rows (the CLI's warnings and the Data page). */
import type { ImpossibleKind, ImpossibleRows } from './results'
import { count } from '../format/numbers'

/** One sentence per kind, for the CLI and the Data page. */
export function describeImpossible(x: ImpossibleRows): string[] {
  const say = (k: ImpossibleKind, what: string) =>
    k.count
      ? [
          `${count(k.count)} row(s) ${what} (line${k.lines.length > 1 ? 's' : ''} ${k.lines.join(', ')}${k.count > k.lines.length ? ', …' : ''})`
        ]
      : []
  return [
    ...say(x.nonpositive_price, 'with a price of zero or below: left out of every fit'),
    ...say(
      x.cost_above_price,
      'with a unit cost above the price (a loss leader or a data error): check the costs'
    )
  ]
}
