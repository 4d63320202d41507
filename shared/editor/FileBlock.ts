import { Node } from '@tiptap/core'
import { attachmentSrc, countUpTo, textUpTo } from './attributeChecks.ts'

/** Attributes of the `fileAttachment` node. */
export interface FileAttributes {
  /** One of our attachment URLs. */
  src: string
  name: string
  size: number
  contentType: string
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    fileBlock: {
      /** Inserts a file attachment block at the selection. */
      insertFile: (attributes: FileAttributes) => ReturnType
    }
  }
}

/** A size in bytes for people: 1.2 MB, 830 KB. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`
  return `${(size / (1024 * 1024)).toFixed(1)} MB`
}

/**
 * The `fileAttachment` node: an uploaded file (PDF, audio, a document…) as a block with its
 * name, size and a download link. Like the image, its `src` can only be one of our attachment URLs.
 */
export const FileBlock = Node.create({
  name: 'fileAttachment',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      src: { default: null, validate: attachmentSrc },
      name: { default: 'file', validate: textUpTo(255) },
      size: { default: 0, validate: countUpTo(Number.MAX_SAFE_INTEGER) },
      contentType: { default: 'application/octet-stream', validate: textUpTo(200) },
    }
  },

  parseHTML() {
    return [{
      tag: 'div[data-file]',
      getAttrs: (element: HTMLElement) => {
        const link = element.querySelector('a')
        return {
          src: link?.getAttribute('href') ?? null,
          name: link?.textContent ?? 'file',
          size: Number(element.getAttribute('data-size') ?? 0) || 0,
          contentType: element.getAttribute('data-type') ?? 'application/octet-stream',
        }
      },
    }]
  },

  renderHTML({ node }) {
    const { src, name, size, contentType } = node.attrs as FileAttributes
    return ['div', { 'data-file': '', 'data-size': String(size), 'data-type': contentType, class: 'file-block' },
      ['a', { href: src, download: name, class: 'file-block__name' }, name],
      ['span', { class: 'file-block__size' }, formatBytes(size)]]
  },

  addCommands() {
    return {
      insertFile: (attributes) => ({ commands }) => commands.insertContent({ type: this.name, attrs: attributes }),
    }
  },
})
