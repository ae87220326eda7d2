import type { Cell } from './generate'
import { DomainError } from '../../../shared/domain-error'

/** A refusal about the analyst's own table: the message names the column. */
export class CustomerInputError extends DomainError {
  constructor(
    message: string,
    readonly column: string
  ) {
    super('invalid_input', message)
    this.name = 'CustomerInputError'
  }
}

/** The fewest rows of the rarer class a label needs: fewer and AUC, calibration and the bands are noise. */
export const MIN_MINORITY = 50

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1'])
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0'])

const key = (v: Cell) => (v === null ? null : String(v).trim().toLowerCase())

/**
 * A binary label from a column: yes/no, true/false, 1/0 (any case) are read as
 * they say; any other column needs the positive value named (`positive`), and then
 * every other non-blank value is negative. Blank labels give −1 (not trained on,
 * still scored). Refuses, naming the column: one class, more than two values
 * without `positive`, a positive value that never occurs, too few of the rarer class.
 */
export function readLabel(
  column: string,
  values: Cell[],
  positive?: string
): { y: Int8Array; positive: string } {
  const y = new Int8Array(values.length)
  const distinct = new Map<string, string>()
  for (const v of values) {
    const k = key(v)
    if (k !== null && k !== '' && !distinct.has(k)) distinct.set(k, String(v).trim())
  }
  if (distinct.size === 0)
    throw new CustomerInputError(`label column "${column}" is blank in every row`, column)
  let isPositive: (k: string) => boolean
  let shown: string
  if (positive !== undefined) {
    const p = positive.trim().toLowerCase()
    if (!distinct.has(p))
      throw new CustomerInputError(
        `label column "${column}" has no value "${positive}" (its values: ${[...distinct.values()].slice(0, 8).join(', ')})`,
        column
      )
    isPositive = (k) => k === p
    shown = distinct.get(p) as string
  } else {
    if (distinct.size === 1)
      throw new CustomerInputError(
        `label column "${column}" has one class only ("${[...distinct.values()][0]}"): a propensity model needs both outcomes`,
        column
      )
    if (distinct.size > 2)
      throw new CustomerInputError(
        `label column "${column}" has ${distinct.size} values (${[...distinct.values()].slice(0, 8).join(', ')}${distinct.size > 8 ? ', …' : ''}): name the positive one as the positive value (--positive VALUE on the command line)`,
        column
      )
    const [a, b] = [...distinct.keys()]
    const pos =
      TRUE_WORDS.has(a) && FALSE_WORDS.has(b) ? a : TRUE_WORDS.has(b) && FALSE_WORDS.has(a) ? b : null
    if (pos === null)
      throw new CustomerInputError(
        `label column "${column}" has values "${distinct.get(a)}" and "${distinct.get(b)}", not yes/no, true/false or 1/0: name the positive one as the positive value (--positive VALUE on the command line)`,
        column
      )
    isPositive = (k) => k === pos
    shown = distinct.get(pos) as string
  }
  let pos = 0
  let neg = 0
  values.forEach((v, i) => {
    const k = key(v)
    if (k === null || k === '') y[i] = -1
    else if (isPositive(k)) {
      y[i] = 1
      pos++
    } else {
      y[i] = 0
      neg++
    }
  })
  if (pos === 0 || neg === 0)
    throw new CustomerInputError(
      `label column "${column}" has one class only: every labelled row is ${pos ? 'positive' : 'negative'}`,
      column
    )
  if (Math.min(pos, neg) < MIN_MINORITY)
    throw new CustomerInputError(
      `label column "${column}" has ${Math.min(pos, neg)} ${pos < neg ? 'positive' : 'negative'} rows: at least ${MIN_MINORITY} of the rarer class are needed`,
      column
    )
  return { y, positive: shown }
}
