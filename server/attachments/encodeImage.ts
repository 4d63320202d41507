import { createHash } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import { invalidInput } from '../core/AppError.ts'

/** Largest image decoded, in pixels (about 40 megapixels): a larger one is refused before it is decoded. */
export const MAX_IMAGE_PIXELS = 40_000_000

/** Widths made besides the full size, when the image is wider. */
export const IMAGE_WIDTHS = [800, 1600] as const

/** One re-encoded rendition of an image. */
export interface EncodedImage {
  contentType: string
  /** 0 = full size. */
  width: number
  bytes: Buffer
  sha256: string
}

/** An image decoded and re-encoded: its renditions and its full size. */
export interface Reencoded {
  contentType: string
  width: number
  height: number
  variants: EncodedImage[]
}

sharp.cache(false)

function rendition(contentType: string, width: number, bytes: Buffer): EncodedImage {
  return { contentType, width, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/**
 * Decodes an uploaded image and encodes it again: what is stored is only what sharp wrote, so
 * metadata (EXIF, GPS, comments) and anything hidden after the image data are gone. Makes the
 * full size and narrower widths, each in a fallback format (PNG for images with transparency or
 * drawings, JPEG otherwise) and in WebP. Refuses an image over MAX_IMAGE_PIXELS before decoding
 * it (decompression bombs), and a truncated or corrupt one.
 */
export async function encodeImage(path: string, inputType: string): Promise<Reencoded> {
  const source = sharp(path, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated', animated: false })
  let meta: Metadata
  try {
    // Only the header is read here, so the pixel limit is checked below with a clear message.
    meta = await sharp(path, { limitInputPixels: false, animated: false }).metadata()
  } catch {
    throw invalidInput('file: the image cannot be read (it is corrupt or truncated).', 'invalid_image')
  }
  if (!meta.width || !meta.height) throw invalidInput('file: the image has no size.', 'invalid_image')
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw invalidInput(`file: the image is ${meta.width}×${meta.height} pixels; at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels are accepted.`, 'image_too_large')
  }
  const lossless = meta.hasAlpha || inputType === 'image/png' || inputType === 'image/gif'
  const fallback = lossless ? 'image/png' : 'image/jpeg'
  // EXIF orientation is applied to the pixels, then dropped with the rest of the metadata.
  const oriented = source.rotate()
  const upright = (meta.orientation ?? 1) >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height }
  const widths = [0, ...IMAGE_WIDTHS.filter((w) => w < upright.width)]
  const variants: EncodedImage[] = []
  try {
    for (const width of widths) {
      const sized = width === 0 ? oriented.clone() : oriented.clone().resize({ width })
      const encoded = lossless ? sized.clone().png({ compressionLevel: 9, palette: inputType === 'image/gif' }) : sized.clone().jpeg({ quality: 85, mozjpeg: true })
      variants.push(rendition(fallback, width, await encoded.toBuffer()))
      variants.push(rendition('image/webp', width, await sized.clone().webp({ quality: 82 }).toBuffer()))
    }
  } catch {
    throw invalidInput('file: the image cannot be read (it is corrupt or truncated).', 'invalid_image')
  }
  return { contentType: fallback, ...upright, variants }
}
