import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server'
import { CloseCodes } from '../../shared/closeCodes.ts'
import { MalformedMessageError, readCarriedUpdate } from '../internals/syncMessage.ts'
import type { Services } from '../core/Services.ts'
import { closeWith } from './closeWith.ts'

/**
 * The first check of every incoming message: too large, or not decodable as a
 * Hocuspocus/Yjs message, and the sender's connection is closed with a clear close code.
 * Nothing it refuses reaches attribution, the log or the document. Later hooks read the
 * decoded update from readCarriedUpdate's cache.
 */
export class MessageGuardExtension implements Extension {
  extensionName = 'MessageGuard'
  priority = 300
  private readonly services: Services

  constructor(services: Services) {
    this.services = services
  }

  async beforeHandleMessage({ update: raw, connection, documentName }: beforeHandleMessagePayload): Promise<void> {
    if (raw.byteLength > this.services.config.maxMessageBytes) throw closeWith(CloseCodes.messageTooLarge, `${raw.byteLength} bytes`)
    try {
      readCarriedUpdate(raw)
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error
      this.services.logger.warn({ page: documentName, socket: connection.socketId, err: error.message }, 'refused a malformed message')
      throw closeWith(CloseCodes.malformedMessage, error.message)
    }
  }
}
