import type { Db } from '../db/port'
import { readJson } from '../db/saved-json'
import { COLUMNS_FORMAT, ROLES_FORMAT } from './formats'
import type { DatasetInfo } from '../../shared/data/results'
import { DomainError } from '../../shared/domain-error'

/** A dataset whose saved description or table was damaged (by hand, a tool, a bad disk): named, with the repair. */
export class DamagedDatasetError extends DomainError {
  constructor(name: string, reason: string) {
    super(
      'invalid_input',
      `dataset "${name}" is damaged: ${reason}. Import its file again as "${name}" with --replace (on the Data page: replace) to repair it`
    )
    this.name = 'DamagedDatasetError'
  }
}

/** A dataset's own table: ds_<slug>, never a seed table or SQLite's own. */
const DATASET_TABLE = /^ds_\w+$/

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

/** A saved dataset read and checked: its description parses, its table is a dataset's, exists and has its columns. */
function checkedRow(db: Db, r: DatasetRow): DatasetInfo {
  let info: DatasetInfo
  try {
    info = fromRow(r)
  } catch (e) {
    // Saved by a newer PriceLab is not damage: that refusal (schema_too_new) says what to do itself.
    if (e instanceof DomainError && e.code === 'schema_too_new') throw e
    throw new DamagedDatasetError(r.name, e instanceof Error ? e.message : String(e))
  }
  if (!DATASET_TABLE.test(r.table_name))
    throw new DamagedDatasetError(r.name, `its table name "${r.table_name}" is not a dataset table's`)
  const have = db.prepare<{ name: string }>('SELECT name FROM pragma_table_info(?)').all(r.table_name)
  if (have.length === 0) throw new DamagedDatasetError(r.name, `its table ${r.table_name} is missing`)
  const missing = info.columns.find((c) => !have.some((h) => h.name === c.name))
  if (missing)
    throw new DamagedDatasetError(r.name, `its table ${r.table_name} has no column "${missing.name}"`)
  return info
}

function readRows(db: Db): { info: DatasetInfo | null; name: string; damaged: string | null }[] {
  return db
    .prepare<DatasetRow>('SELECT * FROM datasets ORDER BY name')
    .all()
    .map((r) => {
      try {
        return { info: checkedRow(db, r), name: r.name, damaged: null }
      } catch (e) {
        if (!(e instanceof DamagedDatasetError)) throw e
        return { info: null, name: r.name, damaged: e.message }
      }
    })
}

/** The datasets that can be read; a damaged one is left out (damagedDatasets names it), never breaks the list. */
export function listDatasets(db: Db): DatasetInfo[] {
  return readRows(db).flatMap((r) => (r.info ? [r.info] : []))
}

/** The damaged datasets, each with the reason and the repair. */
export function damagedDatasets(db: Db): { name: string; message: string }[] {
  return readRows(db).flatMap((r) => (r.damaged ? [{ name: r.name, message: r.damaged }] : []))
}

/** A dataset by name; a damaged one is refused with the reason (DamagedDatasetError). */
export function findDataset(db: Db, name: string): DatasetInfo | null {
  const r = db.prepare<DatasetRow>('SELECT * FROM datasets WHERE name = ?').get(name)
  return r ? checkedRow(db, r) : null
}

/**
 * What replacing a dataset needs of the old one, read even when it is damaged (replacing is the repair):
 * its version, and its table when that is a dataset's own (a damaged name never leads to dropping another table).
 */
export function datasetToReplace(db: Db, name: string): { table: string | null; version: number } | null {
  const r = db
    .prepare<{ table_name: string; version: number }>(
      'SELECT table_name, version FROM datasets WHERE name = ?'
    )
    .get(name)
  if (!r) return null
  return { table: DATASET_TABLE.test(r.table_name) ? r.table_name : null, version: Number(r.version) || 1 }
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
