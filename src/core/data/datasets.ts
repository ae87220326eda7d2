import type { Db } from '../db/port'
import { readJson } from '../db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from './formats'
import type { DatasetInfo } from '../../shared/data/results'

interface DatasetRow {
  dataset_id: number
  name: string
  table_name: string
  source_file: string
  imported_at: string
  row_count: number
  columns_json: string
  roles_json: string
  version: number
}

function fromRow(r: DatasetRow): DatasetInfo {
  return {
    id: r.dataset_id,
    name: r.name,
    table: r.table_name,
    sourceFile: r.source_file,
    importedAt: r.imported_at,
    rows: r.row_count,
    columns: readJson(COLUMNS_FORMAT, r.columns_json),
    roles: readJson(ROLES_FORMAT, r.roles_json),
    version: r.version
  }
}

export function listDatasets(db: Db): DatasetInfo[] {
  return db.prepare<DatasetRow>('SELECT * FROM datasets ORDER BY name').all().map(fromRow)
}

export function findDataset(db: Db, name: string): DatasetInfo | null {
  const r = db.prepare<DatasetRow>('SELECT * FROM datasets WHERE name = ?').get(name)
  return r ? fromRow(r) : null
}

/** Dataset tables are named ds_<slug>; the user's own name is kept verbatim in `datasets.name`. */
export function datasetTableName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 48)
  return `ds_${slug || 'dataset'}`
}

export function validateDatasetName(name: string): string | null {
  if (!name.trim()) return 'a dataset needs a name'
  if (name.length > 100) return 'a dataset name has at most 100 characters'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    return 'a dataset name cannot contain control characters (such as NUL, tab or a line break)'
  return null
}
