import { stringifyInTurns } from '../core/util/json-in-turns'

/**
 * The JSON text of a call's answer for a transport that sends text (browser mode's POST /api/call), serialized
 * in pieces that give the event loop back: a training run's report is ~0.7 MB of JSON (4–8 ms in one piece)
 * and the server answers the window's other calls and events meanwhile. The same text as JSON.stringify.
 */
export async function replyText(value: unknown): Promise<string> {
  return (await stringifyInTurns(value)) ?? 'null'
}
