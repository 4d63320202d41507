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
