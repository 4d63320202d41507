import { MessageType, type Connection } from '@hocuspocus/server'
import * as decoding from 'lib0/decoding'

function isSyncStatus(message: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(message)
    decoding.readVarString(decoder)
    // The sync status message is Hocuspocus's acknowledgement of an update.
    return decoding.readVarUint(decoder) === MessageType.SyncStatus
  } catch {
    return false
  }
}

const gates = new WeakMap<Connection, AckGate>()

/**
 * Holds back a connection's acknowledgements until what they acknowledge is durable.
 * An update that brings something new is applied (and acknowledged) only after its row is
 * committed; one that brings nothing new is acknowledged at once by Hocuspocus, and the gate
 * makes that acknowledgement — the client's "saved" — wait, in order, for the rows this
 * instance is still committing for the page. If a row is refused for good, `onFailure` runs.
 */
export class AckGate {
  private durable: Promise<void> = Promise.resolve()
  private sending: Promise<void> = Promise.resolve()

  private constructor(connection: Connection, onFailure: (error: unknown) => void) {
    const send = connection.send.bind(connection)
    connection.send = (message: Uint8Array) => {
      if (!isSyncStatus(message)) return send(message)
      const durable = this.durable
      this.sending = this.sending.then(() => durable).then(() => send(message), onFailure)
    }
  }

  /** The gate of a connection, installed on first use. */
  static of(connection: Connection, onFailure: (error: unknown) => void): AckGate {
    let gate = gates.get(connection)
    if (!gate) {
      gate = new AckGate(connection, onFailure)
      gates.set(connection, gate)
    }
    return gate
  }

  /** The next acknowledgement (and every later one) waits for `durable`. */
  hold(durable: Promise<void>): void {
    this.durable = Promise.all([this.durable, durable]).then(() => {})
  }
}
