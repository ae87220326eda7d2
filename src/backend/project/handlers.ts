/** The project calls: app info, create/open/save-as, recent projects, compact. */
import { generateSampleData } from '../../core/data/sample/generate'
import { LATEST_SCHEMA_VERSION } from '../../core/db/migrate'
import { DEFAULT_SEED } from '../../shared/defaults'
import type { ApiName } from '../../shared/api'
import type { Handler, HandlerMap } from '../context'
import { refuseWhileRunning } from '../jobs'
import { projectsDir } from '../paths'
import { listRecent } from '../recent'
import { saveProjectAs } from './save-as'
import { compactProject } from './compact'

type ProjectCall = 'app:info' | Extract<ApiName, `project:${string}`>

/** The open project's description, or null when none is open. */
export const currentProject: Handler<'project:current'> = async (_args, ctx) => ctx.session()?.info() ?? null

export const projectHandlers = {
  'app:info': async (_args, ctx) => ({
    version: ctx.app.version,
    mode: ctx.app.mode,
    schemaVersion: LATEST_SCHEMA_VERSION,
    projectsDir: projectsDir()
  }),
  'project:current': currentProject,
  'project:create': async ({ path, sample }, ctx) => {
    const s = ctx.openProject(path, { create: true })
    if (sample) await s.lockWrite((db) => generateSampleData(db, { seed: DEFAULT_SEED, scale: 1 }))
    return s.info()
  },
  'project:open': async ({ path }, ctx) => ctx.openProject(path, { create: false }).info(),
  'project:saveAs': async ({ path, jobId }, ctx) => {
    refuseWhileRunning(ctx.jobs, 'save the project under another name')
    const copy = await saveProjectAs(ctx.project(), path, ctx.pool, ctx.jobs, jobId)
    return ctx.openProject(copy, { create: false }).info()
  },
  'project:recent': async () => listRecent(),
  'project:compact': async (_args, ctx) => {
    refuseWhileRunning(ctx.jobs, 'compact the project')
    return compactProject(ctx.project())
  }
} satisfies HandlerMap<ProjectCall>
