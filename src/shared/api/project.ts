/** The project calls: the app itself, opening, creating, saving and compacting a project file. */
import { z } from 'zod'
import { filePath, jobId } from './common'

export const appInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'browser', 'cli']),
  schemaVersion: z.number(),
  projectsDir: z.string()
})
export type AppInfo = z.infer<typeof appInfoSchema>

export const projectInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number(),
  sizeBytes: z.number(),
  /** Present when the project holds generated sample data. */
  sample: z.object({ seed: z.number(), scale: z.number(), start: z.string(), end: z.string() }).nullable(),
  /** Set when opening migrated an older file: where its backup copy was written. */
  backupPath: z.string().nullable(),
  /** Set when the file or its folder cannot be written: why. The project is read, every write refused. */
  readOnly: z.string().nullable().optional()
})
export type ProjectInfo = z.infer<typeof projectInfoSchema>

export const recentProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean()
})
export type RecentProject = z.infer<typeof recentProjectSchema>

export const projectCalls = {
  'app:info': { input: z.strictObject({}), output: appInfoSchema },
  'project:current': { input: z.strictObject({}), output: projectInfoSchema.nullable() },
  'project:create': {
    input: z.strictObject({ path: filePath, sample: z.boolean().optional() }),
    output: projectInfoSchema
  },
  'project:open': { input: z.strictObject({ path: filePath }), output: projectInfoSchema },
  'project:saveAs': {
    /** jobId: progress events and cancel (job:cancel) for a large project. */
    input: z.strictObject({ path: filePath, jobId: jobId.optional() }),
    output: projectInfoSchema
  },
  'project:recent': { input: z.strictObject({}), output: z.array(recentProjectSchema) },
  /** Deletes elasticity runs beyond the latest 3 per dataset (not those a pricing run uses), then VACUUM. */
  'project:compact': {
    input: z.strictObject({}),
    output: z.object({ bytesBefore: z.number(), bytesAfter: z.number(), runsDeleted: z.number() })
  }
} as const
