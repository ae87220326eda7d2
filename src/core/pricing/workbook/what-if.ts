import type { Cell, SheetSpec, StyleName } from '../../export/xlsx/sheet'
import type { CrossTerm, WorkbookInput } from './input'

/** Where the What-if sheet's pieces sit: the tests read the recalculated workbook by these. */
export const WHAT_IF = {
  /** 1-based rows of the totals (quantity, revenue, margin); column B today, C at your prices, D the change. */
  totals: { quantity: 3, revenue: 4, margin: 5 },
  header: 6,
  firstItem: 7,
  /** 0-based columns of an item row. */
  col: {
    id: 0,
    name: 1,
    segment: 2,
    today: 3,
    recommended: 4,
    yours: 5,
    change: 6,
    elasticity: 7,
    baseline: 8,
    cost: 9,
    quantityToday: 10,
    quantity: 11,
    revenueToday: 12,
    revenue: 13,
    marginToday: 14,
    margin: 15
  }
} as const

const L = 'ABCDEFGHIJKLMNOP'

/** The quantity formula of one item's row: q₀ · (p/p₀)^ε, times (p_j/p₀_j)^ε_ij for each cross term on it. */
export function quantityFormula(row: number, cross: { row: number; elasticity: number }[]): string {
  const own = `I${row}*POWER(F${row}/D${row},H${row})`
  return own + cross.map((c) => `*POWER(F${c.row}/D${c.row},${String(c.elasticity)})`).join('')
}

function crossByItem(cross: CrossTerm[] | undefined, n: number): { row: number; elasticity: number }[][] {
  const out: { row: number; elasticity: number }[][] = Array.from({ length: n }, () => [])
  for (const c of cross ?? []) {
    if (c.on === c.of || !Number.isFinite(c.elasticity)) continue
    out[c.on].push({ row: WHAT_IF.firstItem + c.of, elasticity: c.elasticity })
  }
  return out
}

/**
 * The What-if sheet: a yellow "your price" column (the recommendation to start) and
 * formulas recomputing each item's quantity, revenue and margin from the causal
 * curve, with the portfolio totals on top.
 */
export function whatIfSheet(input: WorkbookInput): SheetSpec {
  const items = input.items
  const u = input.unit.label
  const q = input.quantityName
  if (!input.causal || input.whatIfRefusal)
    return {
      name: 'What-if',
      columns: [{ width: 110, style: 'note' }],
      freezeRows: 0,
      rows: [
        [{ v: 'What-if', s: 'title' }],
        [
          input.whatIfRefusal ??
            "This price sheet was priced on a model's own demand curve, which has no formula a spreadsheet can hold: price on the causal curve (the default) to get live what-if formulas."
        ]
      ]
    }
  const first = WHAT_IF.firstItem
  const last = first + items.length - 1
  const cross = crossByItem(input.cross, items.length)
  const hasCost = items.every((it) => it.cost !== null)
  const sum = (c: number) => ({ f: `SUM(${L[c]}${first}:${L[c]}${last})` })
  const C = WHAT_IF.col
  const totalRow = (label: string, today: number, yours: number, style: StyleName): Cell[] => [
    { v: label, s: 'header' },
    { v: sum(today), s: style },
    { v: sum(yours), s: style },
    { v: { f: `IF(B{r}=0,"",C{r}/B{r}-1)` }, s: 'percentTotal' }
  ]
  const fix = (cells: Cell[], r: number) =>
    cells.map((c) =>
      typeof c === 'object' && c !== null && 'v' in c && typeof c.v === 'object' && c.v !== null && 'f' in c.v
        ? { ...c, v: { f: c.v.f.replace(/\{r\}/g, String(r)) } }
        : c
    )
  const T = WHAT_IF.totals
  const columns: SheetSpec['columns'] = [
    { width: 14, style: 'text' },
    { width: 28, style: 'text' },
    { width: 18, style: 'text' },
    { width: 13, style: 'money' },
    { width: 13, style: 'money' },
    { width: 13, style: 'input' },
    { width: 10, style: 'percent' },
    { width: 11, style: 'elasticity' },
    { width: 13, style: 'quantity' },
    { width: 11, style: 'money' },
    { width: 13, style: 'quantity' },
    { width: 13, style: 'quantity' },
    { width: 14, style: 'money' },
    { width: 14, style: 'money' },
    { width: 14, style: 'money' },
    { width: 14, style: 'money' }
  ]
  const yours = input.yourPrices
  function* rows(): Generator<Cell[]> {
    yield [
      { v: 'What-if: type your prices in the yellow column', s: 'title' },
      null,
      null,
      null,
      null,
      {
        v: `Each row recomputes ${q.toLowerCase()} = baseline × (your price / today's price)^elasticity${input.cross?.length ? ' × the cross-price terms of its group' : ''}; totals follow.`,
        s: 'note'
      }
    ]
    yield [null, { v: 'Today', s: 'header' }, { v: 'Your prices', s: 'header' }, { v: 'Change', s: 'header' }]
    yield fix(totalRow(`${q} per period`, C.quantityToday, C.quantity, 'quantityTotal'), T.quantity)
    yield fix(totalRow(`Revenue (${u})`, C.revenueToday, C.revenue, 'moneyTotal'), T.revenue)
    yield hasCost
      ? fix(totalRow(`Margin (${u})`, C.marginToday, C.margin, 'moneyTotal'), T.margin)
      : [
          { v: `Margin (${u})`, s: 'header' },
          { v: 'no costs in the data', s: 'note' }
        ]
    yield [
      'Item',
      'Name',
      input.segmentName,
      `Today's price (${u})`,
      `Recommended (${u})`,
      `Your price (${u})`,
      'Change vs today',
      'Elasticity',
      `Baseline ${q.toLowerCase()}`,
      `Unit cost (${u})`,
      `${q} today`,
      `${q} at your price`,
      `Revenue today (${u})`,
      `Revenue at your price (${u})`,
      `Margin today (${u})`,
      `Margin at your price (${u})`
    ].map((v) => ({ v, s: 'header' as const }))
    for (let i = 0; i < items.length; i++) {
      const it = items[i]
      const r = first + i
      yield [
        it.id,
        it.name,
        it.segment,
        it.current_price,
        it.recommended_price,
        yours ? yours[i] : it.recommended_price,
        { f: `F${r}/D${r}-1` },
        // The causal curve holds an item without an elasticity flat: ε = 0 here too.
        it.elasticity ?? 0,
        it.quantity_before,
        it.cost,
        { f: `I${r}` },
        { f: quantityFormula(r, cross[i]) },
        { f: `D${r}*K${r}` },
        { f: `F${r}*L${r}` },
        it.cost === null ? null : { f: `(D${r}-J${r})*K${r}` },
        it.cost === null ? null : { f: `(F${r}-J${r})*L${r}` }
      ]
    }
  }
  return {
    name: 'What-if',
    columns,
    freezeRows: WHAT_IF.header,
    freezeColumns: 2,
    autoFilter: `A${WHAT_IF.header}:P${Math.max(last, WHAT_IF.header)}`,
    colouring: items.length
      ? [{ ref: `G${first}:G${last}`, up: `G${first}>0.00001`, down: `G${first}<-0.00001` }]
      : [],
    rows: rows()
  }
}
