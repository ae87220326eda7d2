import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { precompress } from './scripts/precompress'

// One node-side build holds every Node entry (Electron main, browser-mode server,
// CLI, benchmark) so they share chunks of the pure core; the preload stays CommonJS
// because a sandboxed window cannot load an ES module preload.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/server/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          bench: resolve(__dirname, 'bench/index.ts'),
          'training.worker': resolve(__dirname, 'src/backend/training.worker.ts'),
          'hist-helper.worker': resolve(__dirname, 'src/backend/hist-helper.worker.ts'),
          'reader.worker': resolve(__dirname, 'src/backend/reader.worker.ts'),
          'workbook.worker': resolve(__dirname, 'src/backend/workbook.worker.ts'),
          'log-chunk.worker': resolve(__dirname, 'src/backend/log-chunk.worker.ts'),
          'digest-reader.worker': resolve(__dirname, 'src/backend/digest-reader.worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified and split per page (React.lazy in App.tsx); precompressed for browser mode.
      minify: true,
      chunkSizeWarningLimit: 2500,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    },
    plugins: [react(), precompress()]
  }
})
