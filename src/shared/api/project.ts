/** The project calls: the app itself, opening, creating, saving and compacting a project file. */
import { z } from 'zod'
import { filePath, jobId } from './common'

export interface AppInfo {
  version: string
  mode: 'electron' | 'browser' | 'cli'
  schemaVersion: number
  projectsDir: string
}

export interface ProjectInfo {
  path: string
  name: string
  schemaVersion: number
  sizeBytes: number
  /** Present when the project holds generated sample data. */
  sample: { seed: number; scale: number; start: string; end: string } | null
  /** Set when opening migrated an older file: where its backup copy was written. */
  backupPath: string | null
}

export interface RecentProject {
  path: string
  name: string
  openedAt: string
  exists: boolean
}

export const projectCalls = {
  'app:info': { input: z.strictObject({}), output: {} as AppInfo },
  'project:current': { input: z.strictObject({}), output: {} as ProjectInfo | null },
  'project:create': {
    input: z.strictObject({ path: filePath, sample: z.boolean().optional() }),
    output: {} as ProjectInfo
  },
  'project:open': { input: z.strictObject({ path: filePath }), output: {} as ProjectInfo },
  'project:saveAs': {
    /** jobId: progress events and cancel (job:cancel) for a large project. */
    input: z.strictObject({ path: filePath, jobId: jobId.optional() }),
    output: {} as ProjectInfo
  },
  'project:recent': { input: z.strictObject({}), output: [] as RecentProject[] },
  /** Deletes elasticity runs beyond the latest 3 per dataset (not those a pricing run uses), then VACUUM. */
  'project:compact': {
    input: z.strictObject({}),
    output: {} as { bytesBefore: number; bytesAfter: number; runsDeleted: number }
  }
} as const
