/** An attachment as the API answers an upload with it. */
export interface ApiAttachment {
  id: string
  /** Where its bytes are served (to readers of its page's space only). */
  url: string
  /** The type decided from its bytes (for images, of the re-encoded full size). */
  contentType: string
  size: number
  /** The name it was uploaded with (a download name only). */
  name: string
  kind: 'image' | 'file'
  width: number | null
  height: number | null
}
