/** How a study stage calls a domain service: as the page's call would run (input parsed, job named, error body). */
import { parseCall, type ApiArgs, type ApiName, type ApiResult } from '../../shared/api'
import type { ApiErrorBody } from '../../shared/errors'
import type { CallInput, Handler, HandlerContext } from '../context'
import { nameJob } from '../job-names'
import { DomainError } from '../../shared/domain-error'

/** The error a stage records for a failed service: the call's error body as the one DomainError. */
function failure(body: ApiErrorBody): DomainError {
  return new DomainError(body.code, body.message, body.issues)
}

/**
 * Runs the domain service `service` (the function the call `name` is handled by) with `args` parsed by
 * the call's schema (its defaults applied) and its job named, so a study's step reads as the page's call.
 */
export async function callService<K extends ApiName>(
  ctx: HandlerContext,
  name: K,
  args: ApiArgs<K>,
  service: Handler<K>
): Promise<ApiResult<K>> {
  const parsed = parseCall(name, args)
  if ('error' in parsed) throw failure(parsed.error)
  nameJob(ctx.jobs, name, parsed.args, (id) => ctx.files.get(id).name)
  try {
    return await service(parsed.args as CallInput<K>, ctx)
  } catch (e) {
    throw failure(ctx.errorBody(e))
  }
}
