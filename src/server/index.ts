import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { launchBackend } from '../backend/launch'
import { startServer } from './server'
import { maxUploadBytes } from './limits'

/** `node out/main/server.js [--project FILE] [--port N] [--no-open]`: PriceLab in the browser. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      project: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      'max-upload-mb': { type: 'string' }
    },
    strict: true
  })
  const backend = await launchBackend('browser', values.project)
  const server = await startServer(backend, {
    port: values.port ? Number(values.port) : Number(process.env.PRICELAB_PORT ?? 0),
    staticDir: join(__dirname, '../renderer'),
    maxUploadBytes: maxUploadBytes(values['max-upload-mb'])
  })
  const url = `${server.url}#token=${server.token}`
  // The test harness and scripts read this line: keep its shape.
  console.log(`PriceLab is running in browser mode: ${url}`)
  console.log(`Project: ${backend.project.path}`)
  if (!values['no-open'] && process.env.DISPLAY)
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true })
      // No opener installed (xdg-open missing): the URL is printed above for the user to open.
      .on('error', () => {})
      .unref()
  const stop = async () => {
    await server.close()
    backend.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(`pricelab: ${(e as Error).message}`)
  process.exit(1)
})
