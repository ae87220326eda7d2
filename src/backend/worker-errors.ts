import { domainErrorOf } from '../core/domain-error-of'
import { toWire } from '../core/errors'

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
              const domain = domainErrorOf(e)
              throw domain ? toWire(domain) : e
            }
          }
        : fn
  }
  return wrapped as T
}
