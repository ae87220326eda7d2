import { workerData } from 'node:worker_threads'
import { openSqlite } from './sqlite'
import { backgroundThread } from './thread-priority'
import { readChunks, type ReaderData } from './pricing/digest-helper'

// The second reader of a pricing digest (pricing/digest-helper.ts): reads its chunks of the table on a
// connection of its own and hands them, packed, to the thread digesting them; then ends.
backgroundThread()
const data = workerData as ReaderData
readChunks(data, () => openSqlite(data.dbPath, { readonly: true, mustExist: true }))
