import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/**
 * Browser mode listens on 127.0.0.1 only, and on top of that every API request
 * must carry the per-launch token, name our host (defeats DNS rebinding) and, when
 * a browser sends an Origin, come from our own origin (defeats cross-site calls).
 */
export interface Guard {
  port: number
  token: string
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function hostOk(req: IncomingMessage, g: Guard): boolean {
  return allowedHosts(g.port).includes((req.headers.host ?? '').toLowerCase())
}

export function originOk(req: IncomingMessage, g: Guard): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  return allowedHosts(g.port).some((h) => origin === `http://${h}`)
}

export function tokenOk(presented: string | undefined | null, g: Guard): boolean {
  if (!presented) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(g.token)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // MUI (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'"
].join('; ')
