import type { StyleName } from './sheet'

/** Number format of an amount with `decimals` decimals and thousands grouping: "#,##0.00". */
export function amountFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0'
}

interface Xf {
  numFmt: string | null
  font: 0 | 1 | 2 | 3
  fill: 0 | 2 | 3
}

/** The workbook's fixed style table; money follows the dataset's price decimals. */
export function styleTable(moneyDecimals: number): {
  xml: string
  index: (s: StyleName) => number
  dxf: { up: number; down: number }
} {
  const money = amountFormat(moneyDecimals)
  // font 0 normal, 1 bold, 2 bold large (title), 3 grey italic (notes); fill 2 header grey, 3 input yellow.
  const xfs: Record<StyleName, Xf> = {
    text: { numFmt: null, font: 0, fill: 0 },
    header: { numFmt: null, font: 1, fill: 2 },
    title: { numFmt: null, font: 2, fill: 0 },
    note: { numFmt: null, font: 3, fill: 0 },
    integer: { numFmt: '#,##0', font: 0, fill: 0 },
    quantity: { numFmt: '#,##0.00', font: 0, fill: 0 },
    money: { numFmt: money, font: 0, fill: 0 },
    percent: { numFmt: '0.00%', font: 0, fill: 0 },
    elasticity: { numFmt: '0.000', font: 0, fill: 0 },
    input: { numFmt: money, font: 1, fill: 3 },
    moneyTotal: { numFmt: money, font: 1, fill: 0 },
    quantityTotal: { numFmt: '#,##0.00', font: 1, fill: 0 },
    percentTotal: { numFmt: '0.00%', font: 1, fill: 0 }
  }
  const names = Object.keys(xfs) as StyleName[]
  const formats = [...new Set(names.map((n) => xfs[n].numFmt).filter((f): f is string => f !== null))]
  const fmtId = (f: string | null) => (f === null ? 0 : 164 + formats.indexOf(f))
  const position = new Map(names.map((n, i) => [n, i]))
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="${formats.length}">${formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${f}"/>`).join('')}</numFmts>` +
    '<fonts count="4"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>' +
    '<font><b/><sz val="14"/><name val="Calibri"/></font><font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/></font></fonts>' +
    '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE7ECF3"/><bgColor indexed="64"/></patternFill></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${names.length}">${names
      .map((n) => {
        const x = xfs[n]
        const wrap = n === 'note' || n === 'header' ? '<alignment wrapText="1" vertical="top"/>' : ''
        return `<xf numFmtId="${fmtId(x.numFmt)}" fontId="${x.font}" fillId="${x.fill}" borderId="0" xfId="0"${x.numFmt ? ' applyNumberFormat="1"' : ''}${x.font ? ' applyFont="1"' : ''}${x.fill ? ' applyFill="1"' : ''}${wrap ? ' applyAlignment="1">' + wrap + '</xf>' : '/>'}`
      })
      .join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    // Conditional colours: 0 an increase (green), 1 a decrease (red).
    '<dxfs count="2"><dxf><font><color rgb="FF006100"/></font><fill><patternFill><bgColor rgb="FFC6EFCE"/></patternFill></fill></dxf>' +
    '<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>' +
    '</styleSheet>'
  return { xml, index: (s) => position.get(s) ?? 0, dxf: { up: 0, down: 1 } }
}
