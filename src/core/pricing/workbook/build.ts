import type { Cell, SheetSpec } from '../../export/xlsx/sheet'
import { workbookParts, type ChartSpec, type XlsxPart } from '../../export/xlsx/workbook'
import { amountFormat } from '../../export/xlsx/styles'
import type { WorkbookInput } from './input'
import { whatIfSheet } from './what-if'

const header = (labels: string[]): Cell[] => labels.map((v) => ({ v, s: 'header' as const }))
const fraction = (pct: number) => pct / 100

/** One row per item: today, recommended, change, rule, elasticity and interval, forecasts before and after. */
function priceSheet(input: WorkbookInput): SheetSpec {
  const u = input.unit.label
  const q = input.quantityName
  const n = input.items.length
  function* rows(): Generator<Cell[]> {
    yield header([
      'Item',
      'Name',
      input.segmentName,
      'Tier',
      `Today's price (${u})`,
      `Recommended price (${u})`,
      'Change',
      'Binding rule',
      'Elasticity',
      'Elasticity low (90%)',
      'Elasticity high (90%)',
      `${q} before`,
      `${q} after`,
      `Revenue before (${u})`,
      `Revenue after (${u})`,
      `Margin before (${u})`,
      `Margin after (${u})`,
      'Outside observed prices',
      'Reasoning'
    ])
    for (const it of input.items)
      yield [
        it.id,
        it.name,
        it.segment,
        it.tier,
        it.current_price,
        it.recommended_price,
        it.recommended_price / it.current_price - 1,
        it.binding ? it.binding.replace(/_/g, ' ') : 'none',
        it.elasticity,
        it.elasticity_low,
        it.elasticity_high,
        it.quantity_before,
        it.quantity_after,
        it.revenue_before,
        it.revenue_after,
        it.margin_before,
        it.margin_after,
        it.out_of_range ? 'yes' : 'no',
        it.reasoning
      ]
  }
  const styles = ['text', 'text', 'text', 'text', 'money', 'money', 'percent', 'text'] as const
  return {
    name: 'Price sheet',
    columns: [
      ...styles.map((style, i) => ({ style, width: [14, 28, 18, 10, 13, 14, 10, 18][i] })),
      ...[0, 1, 2].map(() => ({ style: 'elasticity' as const, width: 11 })),
      ...[0, 1].map(() => ({ style: 'quantity' as const, width: 13 })),
      ...[0, 1, 2, 3].map(() => ({ style: 'money' as const, width: 14 })),
      { style: 'text', width: 12 },
      { style: 'text', width: 80 }
    ],
    freezeRows: 1,
    freezeColumns: 2,
    autoFilter: `A1:S${n + 1}`,
    colouring: n
      ? [
          { ref: `F2:G${n + 1}`, up: '$G2>0.00001', down: '$G2<-0.00001' },
          { ref: `O2:O${n + 1}`, up: 'O2>N2', down: 'O2<N2' }
        ]
      : [],
    rows: rows()
  }
}

function assumptionsSheet(input: WorkbookInput): SheetSpec {
  const rows: Cell[][] = [[{ v: 'Assumptions: where every number comes from', s: 'title' }]]
  for (const [k, v] of input.assumptions) rows.push([{ v: k, s: 'header' }, v])
  if (input.corner)
    rows.push([
      { v: 'Corner solutions', s: 'header' },
      { v: input.corner, s: 'note' }
    ])
  rows.push([])
  rows.push(header([input.segmentName, 'Elasticity', 'Low (90%)', 'High (90%)', 'Source']))
  for (const s of input.segments)
    rows.push([
      s.segment,
      { v: s.elasticity, s: 'elasticity' },
      { v: s.ci_low, s: 'elasticity' },
      { v: s.ci_high, s: 'elasticity' },
      s.source
    ])
  if (input.cross?.length) {
    rows.push([])
    rows.push(header(['Cross-price terms', 'Quantity of', 'Price of', 'Elasticity', 'Group']))
    for (const c of input.cross)
      rows.push([
        null,
        input.items[c.on]?.id ?? '',
        input.items[c.of]?.id ?? '',
        { v: c.elasticity, s: 'elasticity' },
        c.group
      ])
  }
  return {
    name: 'Assumptions',
    columns: [
      { width: 26, style: 'text' },
      { width: 70, style: 'text' },
      { width: 12, style: 'text' },
      { width: 12, style: 'text' },
      { width: 30, style: 'text' }
    ],
    freezeRows: 0,
    rows
  }
}

function scenariosSheet(input: WorkbookInput): SheetSpec {
  const sc = input.scenarios
  const u = input.unit.label
  const line = (label: string, f: (s: (typeof sc)[number]) => Cell): Cell[] => [
    { v: label, s: 'header' },
    ...sc.map(f)
  ]
  const rows: Cell[][] = sc.length
    ? [
        [{ v: 'Saved scenarios, side by side', s: 'title' }],
        header(['Scenario', ...sc.map((s) => s.name)]),
        line('Changes', (s) => ({ v: s.description, s: 'note' })),
        line(`Revenue today (${u})`, (s) => ({ v: s.revenue_before, s: 'money' })),
        line(`Revenue (${u})`, (s) => ({ v: s.revenue, s: 'money' })),
        line('Revenue change', (s) => ({ v: fraction(s.revenue_change_pct), s: 'percent' })),
        line(`Revenue low (90%)`, (s) => ({ v: s.revenue_low, s: 'money' })),
        line(`Revenue high (90%)`, (s) => ({ v: s.revenue_high, s: 'money' })),
        line(`${input.quantityName} today`, (s) => ({ v: s.quantity_before, s: 'quantity' })),
        line(input.quantityName, (s) => ({ v: s.quantity, s: 'quantity' })),
        line(`Margin (${u})`, (s) => ({ v: s.margin, s: 'money' }))
      ]
    : [
        [{ v: 'Saved scenarios, side by side', s: 'title' }],
        [
          {
            v: 'No saved scenarios: save one on the Pricing page (or `pricelab scenario --save`).',
            s: 'note'
          }
        ]
      ]
  return {
    name: 'Scenarios',
    columns: [{ width: 24, style: 'text' }, ...sc.map(() => ({ width: 22, style: 'text' as const }))],
    freezeRows: sc.length ? 2 : 0,
    freezeColumns: sc.length ? 1 : 0,
    rows
  }
}

/** Revenue change by segment, with a native bar chart of the change beside it. */
function segmentsSheet(input: WorkbookInput): { sheet: SheetSpec; chart: Omit<ChartSpec, 'sheet'> | null } {
  const u = input.unit.label
  const rows: Cell[][] = [
    header([
      input.segmentName,
      'Items',
      `Revenue before (${u})`,
      `Revenue after (${u})`,
      `Revenue change (${u})`,
      'Mean price change'
    ]),
    ...input.impact.map((s) => [
      s.segment,
      s.items,
      s.revenue_before,
      s.revenue_after,
      s.revenue_after - s.revenue_before,
      fraction(s.avg_price_change_pct)
    ])
  ]
  const n = input.impact.length
  return {
    sheet: {
      name: 'Segments',
      columns: [
        { width: 22, style: 'text' },
        { width: 8, style: 'integer' },
        { width: 16, style: 'money' },
        { width: 16, style: 'money' },
        { width: 16, style: 'money' },
        { width: 12, style: 'percent' }
      ],
      freezeRows: 1,
      autoFilter: `A1:F${n + 1}`,
      colouring: n ? [{ ref: `E2:E${n + 1}`, up: 'E2>0', down: 'E2<0' }] : [],
      rows
    },
    chart: n
      ? {
          title: `Revenue change by ${input.segmentName} (${u} per period)`,
          seriesName: 'Revenue change',
          categories: `'Segments'!$A$2:$A$${n + 1}`,
          values: `'Segments'!$E$2:$E$${n + 1}`,
          valueFormat: amountFormat(0),
          from: [7, 1],
          to: [17, Math.max(20, Math.min(60, n + 4))]
        }
      : null
  }
}

/** The consultant's workbook: Price sheet, What-if, Assumptions, Scenarios, Segments (with its chart). */
export function priceWorkbook(input: WorkbookInput): XlsxPart[] {
  const seg = segmentsSheet(input)
  const sheets = [
    priceSheet(input),
    whatIfSheet(input),
    assumptionsSheet(input),
    scenariosSheet(input),
    seg.sheet
  ]
  return workbookParts({
    sheets,
    moneyDecimals: input.unit.decimals,
    charts: seg.chart ? [{ ...seg.chart, sheet: sheets.length - 1 }] : []
  })
}
