import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import type { ProjectInfo } from '../../../shared/api'
import type { PriceLabClient } from './client'

interface ClientState {
  client: PriceLabClient
  project: ProjectInfo | null
  /** Bumped after any write (generate, import, project switch) so views reload. */
  dataVersion: number
  refresh(): Promise<void>
}

const Ctx = createContext<ClientState | null>(null)

export function ClientProvider({ client, children }: { client: PriceLabClient; children: ReactNode }) {
  const [project, setProject] = useState<ProjectInfo | null>(null)
  const [dataVersion, setDataVersion] = useState(0)
  const refresh = useCallback(async () => {
    setProject(await client.call('project:current', {}))
    setDataVersion((v) => v + 1)
  }, [client])
  useEffect(() => {
    void refresh()
  }, [refresh])
  return <Ctx.Provider value={{ client, project, dataVersion, refresh }}>{children}</Ctx.Provider>
}

export function usePriceLab(): ClientState {
  const v = useContext(Ctx)
  if (!v) throw new Error('usePriceLab outside ClientProvider')
  return v
}
