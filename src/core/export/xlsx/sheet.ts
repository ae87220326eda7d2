/**
 * A small SpreadsheetML (xlsx) sheet writer: typed cells, number formats, frozen
 * panes, an autofilter, column widths and conditional colouring, written as XML
 * chunks so 100,000 rows never become one giant string. Chosen over SheetJS's
 * community edition (no styles, frozen panes, conditional formats or charts) and
 * exceljs (its streaming writer took as much CPU for 3 columns of formulas as the
 * whole budget): the measurement is in docs/workbook.md.
 */

/** A style of the workbook's fixed table (styles.ts): number format, bold header, input fill. */
export type StyleName =
  | 'text'
  | 'header'
  | 'title'
  | 'note'
  | 'integer'
  | 'quantity'
  | 'money'
  | 'percent'
  | 'elasticity'
  | 'input'
  | 'moneyTotal'
  | 'quantityTotal'
  | 'percentTotal'

/** A formula, written without its leading "=" and without a cached value (the workbook recalculates on open). */
export interface Formula {
  f: string
}

/** A cell: a number (non-finite numbers are left empty), text (always text, never a formula), a formula, or empty. */
export type CellValue = number | string | boolean | Formula | null
export interface StyledCell {
  v: CellValue
  s: StyleName
}
export type Cell = CellValue | StyledCell

export interface Column {
  width: number
  style: StyleName
}

/** Colours a range green where the expression (written for its first cell) holds, red where the other does. */
export interface UpDownColouring {
  ref: string
  up: string
  down: string
}

export interface SheetSpec {
  name: string
  columns: Column[]
  /** Rows above and left of the frozen pane (0: none). */
  freezeRows: number
  freezeColumns?: number
  /** The filter's range ("A4:P104"). */
  autoFilter?: string
  colouring?: UpDownColouring[]
  /** Rows, produced lazily: each row's cells from column A. */
  rows: Iterable<Cell[]>
  /** Relationship id of a drawing (a chart) placed on this sheet. */
  drawingRelId?: string
}

/** "A", "Z", "AA": the spreadsheet column name of a 0-based index. */
export function columnName(i: number): string {
  let s = ''
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

/**
 * Text for an XML element: escaped, characters XML 1.0 cannot hold dropped, and a literal
 * "_x0041_" kept literal (Excel would read it as an escaped character).
 */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"_\u0000-\u001F\uFFFE\uFFFF]/

export function xmlText(s: string): string {
  // Most names and ids need nothing: one test instead of five replaces (100,000 rows × several strings).
  if (!NEEDS_ESCAPE.test(s)) return s
  return s
    .replace(ILLEGAL_XML, '')
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

const isStyled = (c: Cell): c is StyledCell => typeof c === 'object' && c !== null && 'v' in c

function cellXml(
  ref: string,
  cell: Cell,
  columnStyle: StyleName,
  styleIndex: (s: StyleName) => number
): string {
  const value = isStyled(cell) ? cell.v : cell
  const s = styleIndex(isStyled(cell) ? cell.s : columnStyle)
  if (value === null) return s ? `<c r="${ref}" s="${s}"/>` : ''
  if (typeof value === 'number') {
    // String(n) is locale-free ("1234.5", "1e-7"): a number cell in every locale.
    return Number.isFinite(value)
      ? `<c r="${ref}" s="${s}"><v>${String(value)}</v></c>`
      : `<c r="${ref}" s="${s}"/>`
  }
  if (typeof value === 'boolean') return `<c r="${ref}" s="${s}" t="b"><v>${value ? 1 : 0}</v></c>`
  // Text is an inline string: "=1+1" or "@SUM(A1)" stays text, never a formula.
  if (typeof value === 'string')
    return `<c r="${ref}" s="${s}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`
  return `<c r="${ref}" s="${s}"><f>${xmlText(value.f)}</f></c>`
}

function paneXml(rows: number, cols: number): string {
  if (!rows && !cols) return '<sheetView workbookViewId="0"/>'
  const tl = `${columnName(cols)}${rows + 1}`
  const pane = cols && rows ? 'bottomRight' : rows ? 'bottomLeft' : 'topRight'
  return (
    `<sheetView workbookViewId="0"><pane${cols ? ` xSplit="${cols}"` : ''}${rows ? ` ySplit="${rows}"` : ''} topLeftCell="${tl}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}" activeCell="${tl}" sqref="${tl}"/></sheetView>`
  )
}

function colouringXml(list: UpDownColouring[], dxf: { up: number; down: number }): string {
  let priority = 1
  return list
    .map(
      (c) =>
        `<conditionalFormatting sqref="${c.ref}">` +
        `<cfRule type="expression" dxfId="${dxf.up}" priority="${priority++}"><formula>${xmlText(c.up)}</formula></cfRule>` +
        `<cfRule type="expression" dxfId="${dxf.down}" priority="${priority++}"><formula>${xmlText(c.down)}</formula></cfRule>` +
        `</conditionalFormatting>`
    )
    .join('')
}

/** The sheet's XML, in chunks of about a thousand rows. */
export function* sheetXml(
  spec: SheetSpec,
  styleIndex: (s: StyleName) => number,
  dxf: { up: number; down: number }
): Generator<string> {
  yield (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheetViews>${paneXml(spec.freezeRows, spec.freezeColumns ?? 0)}</sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${spec.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>` +
    '<sheetData>'
  )
  const names = spec.columns.map((_, i) => columnName(i))
  let chunk: string[] = []
  let r = 0
  for (const row of spec.rows) {
    r++
    let xml = `<row r="${r}">`
    for (let i = 0; i < row.length; i++) {
      const col = spec.columns[i] ?? { style: 'text', width: 10 }
      xml += cellXml(`${names[i] ?? columnName(i)}${r}`, row[i], col.style, styleIndex)
    }
    chunk.push(xml + '</row>')
    if (chunk.length === 1000) {
      yield chunk.join('')
      chunk = []
    }
  }
  yield (
    chunk.join('') +
    '</sheetData>' +
    (spec.autoFilter ? `<autoFilter ref="${spec.autoFilter}"/>` : '') +
    colouringXml(spec.colouring ?? [], dxf) +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    (spec.drawingRelId ? `<drawing r:id="${spec.drawingRelId}"/>` : '') +
    '</worksheet>'
  )
}
