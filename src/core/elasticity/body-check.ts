/**
 * A saved model body's fingerprint (FNV-1a over its bytes, with its length), kept beside the body when it
 * is saved. Listing runs compares it, so a body damaged on disk or by a tool is listed as damaged before
 * anyone uses it, without inflating and parsing every saved forest (only reading and hashing its bytes).
 * It detects damage, not a deliberate forgery (whoever edits the file can edit the fingerprint too).
 */
export function bodyCheck(body: Uint8Array | string): string {
  // Two plain loops (not one through a per-byte accessor): a forest's body is megabytes, hashed on every save
  // (in the training worker) and on every listing of runs.
  let h = 0x811c9dc5
  if (typeof body === 'string')
    // A body saved as text (older saves) is hashed by its UTF-16 code units.
    for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193)
  else for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body[i], 0x01000193)
  return `fnv1a-${body.length}-${(h >>> 0).toString(16).padStart(8, '0')}`
}
