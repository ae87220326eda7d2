/** How a study stage calls a domain service: as the page's call would run (input parsed, job named, error body). */
import { parseCall, type ApiArgs, type ApiName, type ApiResult } from '../../shared/api'
import type { CallInput, Handler, HandlerContext } from '../context'
import { nameJob } from '../job-names'
import { fromBody } from '../../shared/domain-error'

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
  if ('error' in parsed) throw fromBody(parsed.error)
  nameJob(ctx.jobs, name, parsed.args, (id) => ctx.files.get(id).name)
  try {
    return await service(parsed.args as CallInput<K>, ctx)
  } catch (e) {
    throw fromBody(ctx.errorBody(e))
  }
}
