import type { RowFilter } from '../../../shared/data/calls'

/**
 * A column filter as typed in the table header: `>10`, `<=5`, `=3`, `!=2`,
 * `empty`, `!empty`, or plain text (contains).
 */
export function parseFilter(column: string, text: string): RowFilter | null {
  const t = text.trim()
  if (!t) return null
  if (t === 'empty') return { column, op: 'empty' }
  if (t === '!empty') return { column, op: 'notEmpty' }
  const m = /^(>=|<=|!=|=|>|<)\s*(.+)$/.exec(t)
  if (m) {
    const op = ({ '>=': 'ge', '<=': 'le', '!=': 'ne', '=': 'eq', '>': 'gt', '<': 'lt' } as const)[
      m[1] as '>=' | '<=' | '!=' | '=' | '>' | '<'
    ]
    return { column, op, value: m[2] }
  }
  return { column, op: 'contains', value: t }
}

/** The filter syntax in words, shown under the data table (the header boxes only have room for a hint). */
export const FILTER_HELP =
  'Filters (boxes under the column names): text finds rows containing it; >10, >=10, <5, <=5, =3, !=3 compare; empty / !empty find missing / present values. Several filters combine with AND.'
