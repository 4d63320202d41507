import type { DomainEventMap, DomainEvents } from './events.ts'
import type { Logger } from './logger.ts'

/** The payload of a domain event. */
export type EventPayload<K extends keyof DomainEventMap> = DomainEventMap[K][0]

/** Where a broadcast event happened: on this instance (`local`) or on another one. */
export interface BroadcastOrigin {
  instanceId: string
  local: boolean
}

/** A listener that runs on every instance; it may be async (rejections are logged). */
export type BroadcastListener<K extends keyof DomainEventMap> = (payload: EventPayload<K>, origin: BroadcastOrigin) => void | Promise<void>

/** Carries broadcast messages to the other instances (Postgres LISTEN/NOTIFY when scaled out). */
export interface BroadcastTransport {
  send(message: string): Promise<void>
}

interface Envelope {
  from: string
  name: keyof DomainEventMap
  payload: unknown
}

/**
 * Domain events heard on every instance of a deployment. Emit on `services.events` as
 * always; a listener added here with `on` runs on every instance each time any instance emits
 * that event (here at once, elsewhere through the transport). With no transport (a single
 * instance) it is the local bus. Use it for effects that live in an instance's memory: open
 * connections, live pushes. Work that must happen once (database writes) keeps listening on
 * `services.events`, which only the instance where the change happened emits. Delivery is at
 * most once and payloads travel as JSON: listeners re-read from Postgres what they rely on.
 */
export class Broadcast {
  readonly instanceId: string
  private readonly events: DomainEvents
  private readonly logger: Logger
  // One map holds the listeners of every event; `on` keeps each one typed by its event.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly listeners = new Map<keyof DomainEventMap, Set<BroadcastListener<any>>>()
  private readonly relays: (() => void)[] = []
  private transport: BroadcastTransport | null = null

  constructor(instanceId: string, events: DomainEvents, logger: Logger) {
    this.instanceId = instanceId
    this.events = events
    this.logger = logger
  }

  /** Runs `listener` whenever any instance emits `name`; returns a function that stops it. */
  on<K extends keyof DomainEventMap>(name: K, listener: BroadcastListener<K>): () => void {
    let set = this.listeners.get(name)
    if (!set) {
      this.listeners.set(name, (set = new Set()))
      // Relay this event from the local bus: every instance runs the same listeners, so each relays what the others hear.
      const relay = (payload: EventPayload<K>) => this.publish(name, payload)
      const events = this.events as unknown as { on(n: K, l: typeof relay): void; off(n: K, l: typeof relay): void }
      events.on(name, relay)
      this.relays.push(() => events.off(name, relay))
    }
    set.add(listener)
    return () => { set.delete(listener) }
  }

  /** Takes a message another instance sent (the transport calls it); this instance's own echoes are ignored. */
  receive(message: string): void {
    let envelope: Envelope
    try {
      envelope = JSON.parse(message) as Envelope
    } catch (err) {
      this.logger.warn({ err }, 'ignored an unreadable broadcast message')
      return
    }
    if (envelope.from === this.instanceId) return
    this.deliver(envelope.name, envelope.payload as EventPayload<typeof envelope.name>, { instanceId: envelope.from, local: false })
  }

  /** Sends what is emitted from now on through `transport` too (null: this instance only). */
  useTransport(transport: BroadcastTransport | null): void {
    this.transport = transport
  }

  /** Stops relaying and forgets every listener (shutdown). */
  clear(): void {
    for (const stop of this.relays.splice(0)) stop()
    this.listeners.clear()
  }

  private publish<K extends keyof DomainEventMap>(name: K, payload: EventPayload<K>): void {
    this.deliver(name, payload, { instanceId: this.instanceId, local: true })
    if (!this.transport) return
    const envelope: Envelope = { from: this.instanceId, name, payload }
    this.transport.send(JSON.stringify(envelope))
      .catch((err) => this.logger.warn({ err, event: name }, 'could not broadcast an event to the other instances'))
  }

  private deliver<K extends keyof DomainEventMap>(name: K, payload: EventPayload<K>, origin: BroadcastOrigin): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        const result = listener(payload, origin)
        if (result instanceof Promise) result.catch((err) => this.logger.error({ err, event: name }, 'broadcast listener failed'))
      } catch (err) {
        this.logger.error({ err, event: name }, 'broadcast listener failed')
      }
    }
  }
}
