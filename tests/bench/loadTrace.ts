import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { syntheticTrace } from './syntheticTrace.ts'

/** One edit: at `pos`, delete `del` characters, then insert `ins`. */
export type Patch = [pos: number, del: number, ins: string]

/** An editing trace ready to replay: each agent's edits in the order that agent made them. */
export interface Trace {
  name: string
  /** True when the file was missing and a comparable trace was generated instead. */
  synthetic: boolean
  kind: 'sequential' | 'concurrent'
  /** The text a sequential trace replays to exactly (null when generated: only its length is known). */
  endContent: string | null
  endLength: number | null
  agents: Patch[][]
  edits: number
}

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
