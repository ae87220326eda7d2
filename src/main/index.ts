import * as electron from 'electron'
import { join } from 'node:path'
import { launchBackend } from '../backend/launch'
import { startShell } from './shell'

// The real Electron module goes in here; the tests hand startShell a fake instead.
void startShell(electron, {
  rendererFile: join(__dirname, '../renderer/index.html'),
  preloadFile: join(__dirname, '../preload/index.js'),
  devServer: process.env.ELECTRON_RENDERER_URL,
  argv: process.argv,
  launch: (project) => launchBackend('electron', project)
})
