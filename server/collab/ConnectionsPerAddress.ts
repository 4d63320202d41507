/**
 * How many collaboration websockets each client address has open, against a cap. One process
 * counts its own sockets; behind several instances each allows the cap.
 */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>()
  private readonly cap: number

  constructor(cap: number) {
    this.cap = cap
  }

  /** Counts a new socket from `address` and returns its release, or null when the address is at the cap. */
  admit(address: string): (() => void) | null {
    const count = this.open.get(address) ?? 0
    if (count >= this.cap) return null
    this.open.set(address, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.open.get(address) ?? 1) - 1
      if (left <= 0) this.open.delete(address)
      else this.open.set(address, left)
    }
  }
}
