/** A Yjs id: the client that wrote something and its clock. */
export interface YjsPosition {
  client: number
  clock: number
}
