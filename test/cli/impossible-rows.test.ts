import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { cli, tempDir, writeFile } from '../helpers'

describe('economically impossible rows are reported at import (issue 25)', () => {
  it('counts a cost above the price and a price of zero or below, with their lines', async () => {
    const dir = tempDir()
    const db = join(dir, 'fish.pricelab')
    const rows = ['sku,week,price,units,cost']
    for (let w = 0; w < 30; w++) {
      // Line w + 2 of the file; three rows with the cost above the price, two with no price.
      const cost = w === 3 || w === 10 || w === 20 ? 2.5 : 1.1
      const price = w === 5 ? 0 : w === 6 ? -1.2 : 1.99
      rows.push(`A,${w + 1},${price},${10 + w},${cost}`)
    }
    const csv = writeFile(dir, 'fish.csv', rows.join('\n') + '\n')
    const roles = [
      '--item',
      'sku',
      '--period',
      'week',
      '--price',
      'price',
      '--quantity',
      'units',
      '--cost',
      'cost'
    ]
    const r = await cli('import', '--db', db, '--dataset', 'fish', ...roles, csv, '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.impossible_rows).toEqual({
      nonpositive_price: { count: 2, lines: [7, 8] },
      cost_above_price: { count: 3, lines: [5, 12, 22] }
    })
    const text = await cli('import', '--db', db, '--dataset', 'fish2', ...roles, csv)
    expect(text.out).toMatch(/Warning: 3 row\(s\) with a unit cost above the price .*lines 5, 12, 22/)
    expect(text.out).toMatch(/Warning: 2 row\(s\) with a price of zero or below.*lines 7, 8/)
    // A clean file says nothing.
    const clean = writeFile(dir, 'clean.csv', 'sku,week,price,units,cost\nA,1,2,3,1\nA,2,2.5,3,1\n')
    const c = JSON.parse(
      (await cli('import', '--db', db, '--dataset', 'clean', ...roles, clean, '--json')).out
    )
    expect(c.impossible_rows).toBeNull()
  })
})
