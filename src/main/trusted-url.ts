/**
 * The window may only ever show our own renderer: the built index.html (file://)
 * or, in development, the electron-vite dev server on localhost.
 */
export function isTrustedUrl(raw: string, rendererFile: string, devServer?: string): boolean {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    // Not a URL at all: nothing to trust.
    return false
  }
  if (u.protocol === 'file:') {
    const want = new URL(
      `file://${rendererFile.startsWith('/') ? '' : '/'}${rendererFile.replace(/\\/g, '/')}`
    )
    return decodeURIComponent(u.pathname) === decodeURIComponent(want.pathname)
  }
  if (devServer) {
    const d = new URL(devServer)
    return u.origin === d.origin && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')
  }
  return false
}
