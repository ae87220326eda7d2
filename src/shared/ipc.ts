/** The only IPC channels between preload and main; the preload forwards nothing else. */
export const IPC = {
  invoke: 'pricelab:invoke',
  event: 'pricelab:event',
  saveFile: 'pricelab:save-file',
  pickProject: 'pricelab:pick-project',
  printPdf: 'pricelab:print-pdf'
} as const

/** What the preload exposes as `window.pricelab` (Electron); the browser-mode client offers the same. */
export interface DesktopBridge {
  readonly mode: 'electron'
  invoke(name: string, args: unknown): Promise<unknown>
  onEvent(listener: (e: unknown) => void): () => void
  /** Absolute path of a File the user picked or dropped (Electron's webUtils). */
  pathForFile(file: unknown): string
  saveFile(fileId: string, suggestedName: string): Promise<string | null>
  pickProject(kind: 'open' | 'create' | 'saveAs'): Promise<string | null>
  /** Prints a staged HTML file (a study report) to a PDF where the user chooses. */
  printPdf(fileId: string, suggestedName: string): Promise<string | null>
}

/** The bridge's members at run time; the compiler keeps this list and DesktopBridge in step both ways. */
export const BRIDGE_MEMBERS = [
  'mode',
  'invoke',
  'onEvent',
  'pathForFile',
  'saveFile',
  'pickProject',
  'printPdf'
] as const satisfies readonly (keyof DesktopBridge)[]
export const bridgeMembersComplete: Exclude<
  keyof DesktopBridge,
  (typeof BRIDGE_MEMBERS)[number]
> extends never
  ? true
  : never = true
