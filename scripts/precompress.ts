import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT = /\.(js|mjs|css|html|svg|json)$/

/**
 * Writes `.br` and `.gz` beside every text file of the renderer build, so browser mode serves them
 * compressed without compressing per request (src/server/static-files.ts picks the variant).
 */
export function precompress(): Plugin {
  return {
    name: 'pricelab-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir as string
      for (const name of Object.keys(bundle)) {
        if (!TEXT.test(name)) continue
        const file = join(dir, name)
        const raw = readFileSync(file)
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }))
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length
            }
          })
        )
      }
    }
  }
}
