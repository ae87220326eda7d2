import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

/** A sales-like CSV of `rows` rows (~52 bytes a row): ids, a segment, a date, prices, units, a quoted text. */
export async function writeSalesCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('item_id,segment,week,price,units,cost,promo,store\n')
  let buf = ''
  for (let i = 0; i < rows; i++) {
    buf += `${i % 5000},seg_${i % 17},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${(10 + (i % 997) / 10).toFixed(2)},${i % 311},${(5 + (i % 53) / 7).toFixed(3)},${i % 2},"Store, ${i % 40}"\n`
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  out.end(buf)
  await once(out, 'finish')
}
