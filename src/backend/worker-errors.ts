import { toWire } from '../shared/domain-error'
import { toDomainError } from './error-body'

/**
 * Wraps a worker API so a user error leaves the worker as plain data
 * `{name: 'DomainError', code, message, issues}`: comlink would reduce an Error
 * to its message, and the parent could not tell a refusal from a crash.
 * Anything else (a bug) is rethrown as it is and reported as a crash.
 */
export function withDomainErrors<T extends object>(api: T): T {
  const wrapped: Record<string, unknown> = {}
  for (const [name, fn] of Object.entries(api)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => unknown).apply(api, args)
            } catch (e) {
              const domain = toDomainError(e)
              throw domain.code === 'internal' ? e : toWire(domain)
            }
          }
        : fn
  }
  return wrapped as T
}
