import type { RowFilter } from '../../../core/data/tables'

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
