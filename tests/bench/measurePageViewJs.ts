import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { NotMeasured } from './measureFeatures.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** JavaScript a browser loads to show a page: the app entry, the page view, and their static imports. */
export interface PageViewJs {
  gzipBytes: number
  rawBytes: number
  files: number
}

interface ManifestChunk {
  file: string
  imports?: string[]
  isEntry?: boolean
}

/**
 * Builds the client into a temporary folder (never touching dist/) with a manifest, then sums
 * the gzipped JavaScript of the entry and the page view chunk with everything they import
 * statically — what opening /p/:pageId downloads before the editor appears.
 */
export function measurePageViewJs(): PageViewJs | NotMeasured {
  if (!existsSync(join(ROOT, 'client/views/PageView.vue'))) return { notMeasured: 'the client has no page view yet' }
  const outDir = mkdtempSync(join(tmpdir(), 'palimpsest-bench-client-'))
  try {
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' })
    if (build.status !== 0) return { notMeasured: `the client did not build: ${(build.stderr || build.stdout).slice(0, 300)}` }
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
    const page = Object.keys(manifest).find((key) => key.endsWith('views/PageView.vue'))
    const entry = Object.keys(manifest).find((key) => manifest[key].isEntry)
    if (!page || !entry) return { notMeasured: 'no page view chunk in the client build' }
    const files = new Set<string>()
    const visit = (key: string) => {
      const chunk = manifest[key]
      if (!chunk || files.has(chunk.file)) return
      files.add(chunk.file)
      for (const imported of chunk.imports ?? []) visit(imported)
    }
    visit(entry)
    visit(page)
    let gzipBytes = 0
    let rawBytes = 0
    for (const file of files) {
      const content = readFileSync(join(outDir, file))
      rawBytes += content.byteLength
      gzipBytes += gzipSync(content).byteLength
    }
    return { gzipBytes, rawBytes, files: files.size }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
