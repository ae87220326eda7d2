import * as electron from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { launchBackend } from '../backend/launch'
import { sqliteBindingForElectron } from './native-check'
import { startShell } from './shell'

const binding = sqliteBindingForElectron({
  packaged: electron.app.isPackaged,
  appPath: electron.app.getAppPath(),
  electronVersion: process.versions.electron,
  exists: existsSync
})
if (binding) process.env.PRICELAB_SQLITE_BINDING = binding
else delete process.env.PRICELAB_SQLITE_BINDING

// The real Electron module goes in here; the tests hand startShell a fake instead.
void startShell(electron, {
  rendererFile: join(__dirname, '../renderer/index.html'),
  preloadFile: join(__dirname, '../preload/index.js'),
  // A packaged app never follows the dev-server variable: it would load a page from localhost.
  devServer: electron.app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  argv: process.argv,
  launch: (project) => launchBackend('electron', project)
})
