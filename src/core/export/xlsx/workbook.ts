import { sheetXml, xmlText, type SheetSpec } from './sheet'
import { styleTable } from './styles'

/** A native bar chart of one series, placed on a sheet. */
export interface ChartSpec {
  /** Index of the sheet the chart sits on. */
  sheet: number
  title: string
  seriesName: string
  /** Absolute references: "'Segments'!$A$2:$A$9". */
  categories: string
  values: string
  valueFormat: string
  /** Cell corners (0-based column, row) the chart spans. */
  from: [number, number]
  to: [number, number]
}

export interface WorkbookSpec {
  sheets: SheetSpec[]
  moneyDecimals: number
  charts?: ChartSpec[]
}

/** One file of the xlsx package, as chunks of text. */
export interface XlsxPart {
  path: string
  chunks: Iterable<string>
}

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships'

/** Sheet names: at most 31 characters, none of []:*?/\ (the workbook's own names respect this). */
const sheetName = (s: string) => xmlText(s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31))

function rels(list: { id: string; type: string; target: string }[]): string {
  return `${HEAD}<Relationships xmlns="${PKG_REL}">${list.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${r.target}"/>`).join('')}</Relationships>`
}

function chartXml(c: ChartSpec): string {
  return (
    `${HEAD}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}">` +
    `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlText(c.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${xmlText(c.seriesName)}</c:v></c:tx>` +
    '<c:spPr><a:solidFill><a:srgbClr val="2F6FB3"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>' +
    `<c:cat><c:strRef><c:f>${xmlText(c.categories)}</c:f></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${xmlText(c.values)}</c:f></c:numRef></c:val></c:ser>` +
    '<c:gapWidth val="60"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>' +
    '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:tickLblPos val="low"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>' +
    `<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/><c:numFmt formatCode="${xmlText(c.valueFormat)}" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>` +
    '</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>'
  )
}

function drawingXml(c: ChartSpec): string {
  const corner = (tag: string, [col, row]: [number, number]) =>
    `<xdr:${tag}><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`
  return (
    `${HEAD}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
    `<xdr:twoCellAnchor>${corner('from', c.from)}${corner('to', c.to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="${xmlText(c.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${REL}" r:id="rId1"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'
  )
}

/**
 * The parts of an xlsx package (zip them in this order, [Content_Types].xml first).
 * The workbook asks the spreadsheet to recalculate every formula when it opens: formula
 * cells carry no cached value, so what the client sees is always the engine's own result.
 */
export function workbookParts(spec: WorkbookSpec): XlsxPart[] {
  const styles = styleTable(spec.moneyDecimals)
  const charts = spec.charts ?? []
  const n = spec.sheets.length
  const chartOn = new Map(charts.map((c, i) => [c.sheet, i + 1]))
  const types =
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    spec.sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
      )
      .join('') +
    charts
      .map(
        (_, i) =>
          `<Override PartName="/xl/drawings/drawing${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>` +
          `<Override PartName="/xl/charts/chart${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`
      )
      .join('') +
    '</Types>'
  const workbook =
    `${HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}">` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>${spec.sheets
      .map((s, i) => `<sheet name="${sheetName(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets>` +
    '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
  const parts: XlsxPart[] = [
    { path: '[Content_Types].xml', chunks: [types] },
    {
      path: '_rels/.rels',
      chunks: [rels([{ id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' }])]
    },
    { path: 'xl/workbook.xml', chunks: [workbook] },
    {
      path: 'xl/_rels/workbook.xml.rels',
      chunks: [
        rels([
          ...spec.sheets.map((_, i) => ({
            id: `rId${i + 1}`,
            type: 'worksheet',
            target: `worksheets/sheet${i + 1}.xml`
          })),
          { id: `rId${n + 1}`, type: 'styles', target: 'styles.xml' }
        ])
      ]
    },
    { path: 'xl/styles.xml', chunks: [styles.xml] }
  ]
  spec.sheets.forEach((s, i) => {
    const chart = chartOn.get(i)
    const sheet = chart ? { ...s, drawingRelId: 'rId1' } : s
    parts.push({ path: `xl/worksheets/sheet${i + 1}.xml`, chunks: sheetXml(sheet, styles.index, styles.dxf) })
    if (chart)
      parts.push({
        path: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
        chunks: [rels([{ id: 'rId1', type: 'drawing', target: `../drawings/drawing${chart}.xml` }])]
      })
  })
  charts.forEach((c, i) => {
    parts.push({ path: `xl/drawings/drawing${i + 1}.xml`, chunks: [drawingXml(c)] })
    parts.push({
      path: `xl/drawings/_rels/drawing${i + 1}.xml.rels`,
      chunks: [rels([{ id: 'rId1', type: 'chart', target: `../charts/chart${i + 1}.xml` }])]
    })
    parts.push({ path: `xl/charts/chart${i + 1}.xml`, chunks: [chartXml(c)] })
  })
  return parts
}
