import { deflateSync, strToU8 } from 'fflate'
import { runBodyHeader, runBodyText } from '../src/core/pricing/run-body'

/** What the tests need of a connection (better-sqlite3's own or the Db port). */
interface Conn {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown }
}

/** A stored run body as the app writes it (run-body.ts): the envelope and the deflated JSON text. */
export function packText(text: string): Uint8Array {
  const z = deflateSync(strToU8(text), { level: 1 })
  const out = new Uint8Array(5 + z.length)
  out.set(runBodyHeader(), 0)
  out.set(z, 5)
  return out
}

/** The JSON text of a stored pricing run (the latest, or the given id). */
export function storedRunText(db: Conn, runId?: number): string {
  const row = (
    runId === undefined
      ? db.prepare('SELECT result_json FROM pricing_runs ORDER BY run_id DESC LIMIT 1').get()
      : db.prepare('SELECT result_json FROM pricing_runs WHERE run_id = ?').get(runId)
  ) as { result_json: unknown }
  return runBodyText(row.result_json)
}

/** Rewrites a stored run's JSON text (tampering, behind the app's back), packed as the app packs it. */
export function rewriteRunText(db: Conn, runId: number | undefined, edit: (text: string) => string): void {
  const id = runId ?? (db.prepare('SELECT max(run_id) AS id FROM pricing_runs').get() as { id: number }).id
  db.prepare('UPDATE pricing_runs SET result_json = ? WHERE run_id = ?').run(
    packText(edit(storedRunText(db, id))),
    id
  )
}
