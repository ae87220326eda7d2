import { quoteIdent, type Db } from '../../../db/port'
import { saveJson } from '../../../db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from '../../formats'
import { isoCache } from '../../../util/dates'
import { datasetTableName, findDataset } from '../../datasets'
import { RETAIL_BRANDS, RETAIL_CROSS, referencePrice } from './brands'
import {
  DISPLAY_EFFECT,
  FEATURE_EFFECT,
  ITEM_ELASTICITY_SD,
  SEASON_AMPLITUDE,
  STORE_WEEK_NOISE_SD,
  WEEK_NOISE_SD,
  retailSeason
} from './demand-model'
import type { RetailWorld } from './simulate'
import type { ColumnType } from '../../../../shared/data'
import type { SqlValue } from '../../../../shared/data/results'
import type { DatasetRoles } from '../../../../shared/data/roles'

/** The dataset the retail sample is written as: an imported-style dataset with roles, so every dataset path works on it. */
export const RETAIL_DATASET = 'retail_sample'

export const RETAIL_COLUMNS: { name: string; type: ColumnType }[] = [
  { name: 'store', type: 'text' },
  { name: 'brand', type: 'text' },
  { name: 'item', type: 'text' },
  { name: 'week', type: 'date' },
  { name: 'price', type: 'number' },
  { name: 'quantity', type: 'integer' },
  { name: 'feature', type: 'integer' },
  { name: 'display', type: 'integer' }
]

/** Store is left out of the features on purpose: item identity (store × brand) is what panel-aware models must use. */
export const RETAIL_ROLES: DatasetRoles = {
  item: 'item',
  segments: ['brand'],
  period: 'week',
  price: 'price',
  quantity: 'quantity',
  features: ['feature', 'display']
}

/** ground_truth scopes of the retail sample (the EdTech generator keeps them when it regenerates). */
export const RETAIL_SCOPES = [
  'retail_brand',
  'retail_item',
  'retail_store',
  'retail_cross',
  'retail_model'
] as const

const SQL_TYPE: Record<ColumnType, string> = {
  integer: 'INTEGER',
  number: 'REAL',
  date: 'TEXT',
  text: 'TEXT'
}

/**
 * Writes the panel as the dataset `retail_sample` (replacing an earlier one, its
 * version bumped so stored models are known to be stale) and its truth into
 * ground_truth, in one transaction. The EdTech seed tables are left alone.
 */
export function writeRetailSample(
  db: Db,
  world: RetailWorld,
  importedAt: string,
  onProgress: (pct: number) => void
): Record<string, number> {
  const iso = isoCache()
  const table = datasetTableName(RETAIL_DATASET)
  const counts: Record<string, number> = {}
  db.transaction(() => {
    const previous = findDataset(db, RETAIL_DATASET)
    if (previous) db.exec(`DROP TABLE IF EXISTS ${quoteIdent(previous.table)}`)
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`)
    db.exec(
      `CREATE TABLE ${quoteIdent(table)} (${RETAIL_COLUMNS.map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`
    )
    const st = db.prepare(
      `INSERT INTO ${quoteIdent(table)} VALUES (${RETAIL_COLUMNS.map(() => '?').join(', ')})`
    )
    const { weeks, items, stores } = world
    const weekIso = Array.from({ length: weeks }, (_, w) => iso(world.startDay + 7 * w))
    let rows = 0
    for (let it = 0; it < items.length; it++) {
      const item = items[it]
      const store = stores[item.store].id
      const brand = RETAIL_BRANDS[item.brand].name
      for (let w = 0; w < weeks; w++) {
        const k = it * weeks + w
        st.run(
          store,
          brand,
          item.id,
          weekIso[w],
          world.priceCents[k] / 100,
          world.quantity[k],
          world.feature[k],
          world.display[k]
        )
        rows++
      }
      if (it % 50 === 0) onProgress((80 * it) / items.length)
    }
    counts[table] = rows
    db.prepare(
      `INSERT INTO datasets (name, table_name, source_file, imported_at, row_count, columns_json, roles_json, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET table_name = excluded.table_name, source_file = excluded.source_file,
         imported_at = excluded.imported_at, row_count = excluded.row_count, columns_json = excluded.columns_json,
         roles_json = excluded.roles_json, version = datasets.version + 1`
    ).run(
      RETAIL_DATASET,
      table,
      `generated: retail sample (seed ${world.options.seed}, scale ${world.options.scale})`,
      importedAt,
      rows,
      saveJson(COLUMNS_FORMAT, RETAIL_COLUMNS),
      saveJson(ROLES_FORMAT, RETAIL_ROLES),
      previous ? previous.version + 1 : 1
    )
    db.exec(`DELETE FROM ground_truth WHERE scope IN (${RETAIL_SCOPES.map((s) => `'${s}'`).join(', ')})`)
    const gt = db.prepare('INSERT INTO ground_truth (scope, key, metric, value) VALUES (?, ?, ?, ?)')
    let n = 0
    for (const r of retailTruthRows(world)) {
      gt.run(...r)
      n++
    }
    counts.ground_truth = n
    db.prepare('INSERT OR REPLACE INTO project_meta (key, value) VALUES (?, ?)').run(
      'retail_sample',
      JSON.stringify({
        seed: world.options.seed,
        scale: world.options.scale,
        dataset: RETAIL_DATASET,
        start: weekIso[0],
        end: iso(world.startDay + 7 * weeks - 1),
        generatorVersion: 1
      })
    )
  })
  onProgress(100)
  return counts
}

function* retailTruthRows(world: RetailWorld): Generator<SqlValue[]> {
  const { weeks } = world
  yield ['retail_model', 'global', 'feature_effect', FEATURE_EFFECT]
  yield ['retail_model', 'global', 'display_effect', DISPLAY_EFFECT]
  yield ['retail_model', 'global', 'store_week_noise_sd', STORE_WEEK_NOISE_SD]
  yield ['retail_model', 'global', 'week_noise_sd', WEEK_NOISE_SD]
  yield ['retail_model', 'global', 'item_elasticity_sd', ITEM_ELASTICITY_SD]
  yield ['retail_model', 'global', 'season_amplitude', SEASON_AMPLITUDE]
  yield ['retail_model', 'global', 'weeks', weeks]
  // The season term of the week after the data: the week pricing decides for.
  yield ['retail_model', 'global', 'next_week_season', retailSeason(weeks)]
  for (const b of RETAIL_BRANDS) {
    yield ['retail_brand', b.name, 'elasticity', b.elasticity]
    yield ['retail_brand', b.name, 'reference_price', referencePrice(b)]
    yield ['retail_brand', b.name, 'base_units', b.baseUnits]
  }
  for (const c of RETAIL_CROSS) {
    const name = (code: string) => RETAIL_BRANDS.find((b) => b.code === code)?.name ?? code
    yield ['retail_cross', `${name(c.brand)}|${name(c.other)}`, 'elasticity', c.elasticity]
  }
  for (const s of world.stores) {
    yield ['retail_store', s.id, 'store_effect', s.effect]
    yield ['retail_store', s.id, 'price_zone', s.zone]
    yield ['retail_store', s.id, 'promo_intensity', s.promoIntensity]
  }
  for (const it of world.items) {
    yield ['retail_item', it.id, 'elasticity', it.elasticity]
    yield ['retail_item', it.id, 'item_effect', it.itemEffect]
    yield ['retail_item', it.id, 'log_base', it.logBase]
    yield ['retail_item', it.id, 'current_price', it.regularCents / 100]
  }
}
