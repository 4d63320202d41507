import { mergeAttributes, Node } from '@tiptap/core'
import { attachmentSrc, oneOf, textUpTo } from './attributeChecks.ts'

/** How wide an image is shown. */
export const IMAGE_WIDTHS = ['inline', 'wide', 'full'] as const
export type ImageWidth = (typeof IMAGE_WIDTHS)[number]

/** Attributes of the `image` node. */
export interface ImageAttributes {
  /** One of our attachment URLs. */
  src: string
  alt: string
  caption: string
  width: ImageWidth
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    imageBlock: {
      /** Inserts an image (an uploaded attachment) at the selection. */
      insertImage: (attributes: Pick<ImageAttributes, 'src'> & Partial<ImageAttributes>) => ReturnType
    }
  }
}

/**
 * The `image` node: an uploaded image as a block, with alt text, a caption and a width. Its
 * `src` can only be one of our attachment URLs (checked by the schema, so the server refuses
 * any other), which are served to the page's readers only.
 */
export const ImageBlock = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      src: { default: null, validate: attachmentSrc },
      alt: { default: '', validate: textUpTo(1000) },
      caption: { default: '', validate: textUpTo(2000) },
      width: { default: 'inline', validate: oneOf(IMAGE_WIDTHS) },
    }
  },

  parseHTML() {
    return [{
      tag: 'figure[data-image]',
      getAttrs: (element: HTMLElement) => {
        const img = element.querySelector('img')
        return {
          src: img?.getAttribute('src') ?? null,
          alt: img?.getAttribute('alt') ?? '',
          caption: element.querySelector('figcaption')?.textContent ?? '',
          width: element.getAttribute('data-width') ?? 'inline',
        }
      },
    }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const { src, alt, caption, width } = node.attrs as ImageAttributes
    const figure = mergeAttributes({ 'data-image': '', 'data-width': width, class: `image-block image-block--${width}` })
    void HTMLAttributes
    const img = ['img', { src, alt, loading: 'lazy' }]
    return caption ? ['figure', figure, img, ['figcaption', {}, caption]] : ['figure', figure, img]
  },

  addCommands() {
    return {
      insertImage: (attributes) => ({ commands }) => commands.insertContent({ type: this.name, attrs: attributes }),
    }
  },
})
