/** Typed arrays the training workers read (Float64Array, Int32Array, Uint32Array, …). */
type View = Exclude<ArrayBufferView, DataView>

function shared<T extends View>(a: T): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength))
  ;(copy as unknown as { set(src: T): void }).set(a)
  return copy
}

/**
 * The same value with every typed array moved into shared memory. Posting it to a worker then shares the
 * arrays instead of copying them: the panel loaded once is read by every training worker (7 tasks each had
 * their own copy before). Plain objects and arrays are walked; other values are returned as they are.
 */
export function inSharedMemory<T>(value: T): T {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return (value.buffer instanceof SharedArrayBuffer ? value : shared(value as View)) as T
  if (Array.isArray(value)) return value.map((v: unknown) => inSharedMemory(v)) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, inSharedMemory(v)])
    ) as T
  return value
}

/**
 * The distinct plain buffers of every typed array in a value: its transfer list. A panel only the main thread
 * reads (pricing, predictions) is moved out of the loading worker this way, not copied to shared memory first.
 */
export function ownBuffers(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    // Only a buffer the view spans whole: a small Node Buffer sits in a shared pool that must not move.
    if (value.buffer instanceof ArrayBuffer && value.byteLength === value.buffer.byteLength)
      out.add(value.buffer)
  } else if (Array.isArray(value)) for (const v of value) ownBuffers(v, out)
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) ownBuffers(v, out)
  return [...out]
}
