import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { syntheticTrace } from './syntheticTrace.ts'
import type { Patch, Trace } from './Trace.ts'

export type { Patch, Trace }

interface TraceFile {
  kind?: 'concurrent'
  endContent: string
  txns: { agent?: number; patches: Patch[] }[]
}

/**
 * Reads an editing trace (the josephg/editing-traces JSON format, gzipped). Without the file,
 * a synthetic trace of the same kind and size is generated, so the suite runs anywhere.
 */
export function loadTrace(path: string, kind: Trace['kind']): Trace {
  if (!existsSync(path)) return syntheticTrace(kind)
  const file = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as TraceFile
  const fileKind = file.kind === 'concurrent' ? 'concurrent' : 'sequential'
  if (fileKind !== kind) throw new Error(`${path} is a ${fileKind} trace; a ${kind} one was expected here`)
  const agents: Patch[][] = []
  let edits = 0
  for (const txn of file.txns) {
    const agent = txn.agent ?? 0
    agents[agent] ??= []
    for (const patch of txn.patches) agents[agent].push(patch)
    edits += txn.patches.length
  }
  return { name: basename(path).replace(/\.json(\.gz)?$/u, ''), synthetic: false, kind, endContent: file.endContent, endLength: fileKind === 'sequential' ? file.endContent.length : null, agents, edits }
}
