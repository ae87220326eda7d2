import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { exposeBridge } from './bridge'

exposeBridge({ contextBridge, ipcRenderer, webUtils })
