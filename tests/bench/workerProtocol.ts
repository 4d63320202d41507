/** A provider the coordinator asks a client process to open. */
export interface ClientSpec {
  id: string
  page: string
  /** Index of the page in its scenario (latency is grouped per page). */
  pageIndex: number
  token: string
}

/** Who edits, how fast, and from where in which trace. */
export interface EditPlan {
  clients: { id: string; agent: number; offset: number }[]
  ratePerClient: number
  durationMs: number
  trace: 'sequential' | 'concurrent'
}

/** What the coordinator sends a client process; each gets one reply. */
export type WorkerCommand =
  | { type: 'connect'; url: string; clients: ClientSpec[]; concurrency: number }
  | { type: 'init'; ids: string[] }
  | { type: 'waitReady'; ids: string[] }
  | { type: 'edit'; plan: EditPlan }
  | { type: 'settle'; timeoutMs: number }
  | { type: 'collect' }
  | { type: 'disconnect' }
  | { type: 'upload'; url: string; client: ClientSpec; upTo: number }
  | { type: 'release'; id: string }
  | { type: 'open'; url: string; client: ClientSpec }
  | { type: 'writeLink'; url: string; client: ClientSpec; target: string }
  | { type: 'writeBodies'; url: string; token: string; pages: string[]; characters: number; concurrency: number }

/** The recordings of one client process after an edit phase (see BenchClient). */
export interface WorkerRecording {
  sent: Float64Array
  received: Float64Array
  acks: Float64Array
}
