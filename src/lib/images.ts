import type { SharpOptions } from 'sharp';

/** libvips is tens of megabytes of memory: loaded with the first photo, not with the app. */
const loadSharp = async () => (await import('sharp')).default;

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

// Width × height, checked from the header before decoding: a few kilobytes of PNG can claim
// gigapixels (a decompression bomb). 40 MP still admits any phone photo that fits in 5 MB.
const MAX_INPUT_PIXELS = 40_000_000;
const DISPLAY_SIZE = 512;
const JPEG_QUALITY = 82;
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp']);
const NOT_A_PHOTO = 'must be a JPEG, PNG or WebP image';

/** The upload cannot be used as a photo; the message fits a 400 field error. */
export class InvalidImageError extends Error {
  constructor(message = NOT_A_PHOTO, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidImageError';
  }
}

export interface ProcessedPhoto {
  display: { data: Buffer; contentType: 'image/jpeg'; width: number; height: number };
}

/**
 * Turns an uploaded photo into the only version that is kept: upright, at most 512×512, JPEG,
 * with every piece of metadata dropped. The original is never stored because its EXIF can carry
 * where it was taken (GPS), the device and the time. The type is decided by the bytes alone.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length > MAX_PHOTO_BYTES) throw new InvalidImageError('must be at most 5 MB');
  const { format, width, height } = await readHeader(input);
  if (!ACCEPTED_FORMATS.has(format)) throw new InvalidImageError();
  if (width * height > MAX_INPUT_PIXELS) {
    throw new InvalidImageError(`must be at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
  }

  // 'warning' makes libvips fail on truncated or damaged pixel data instead of padding it grey.
  const options: SharpOptions = { failOn: 'warning', limitInputPixels: MAX_INPUT_PIXELS };
  try {
    // Without keepMetadata()/keepExif()/keepIccProfile() sharp writes no EXIF, XMP or ICC
    // profile, converting colours to sRGB instead.
    const sharp = await loadSharp();
    const { data, info } = await sharp(input, options)
      .rotate() // applies the EXIF orientation, which is about to be dropped
      .resize(DISPLAY_SIZE, DISPLAY_SIZE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }) // JPEG has no alpha; transparency would turn black
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { display: { data, contentType: 'image/jpeg', width: info.width, height: info.height } };
  } catch (error) {
    throw new InvalidImageError(NOT_A_PHOTO, { cause: error });
  }
}

async function readHeader(
  input: Buffer,
): Promise<{ format: string; width: number; height: number }> {
  try {
    // Header only, nothing decoded yet; the pixel limit is checked by the caller for a clear
    // message (and enforced by sharp again while decoding).
    const sharp = await loadSharp();
    const { format, width, height } = await sharp(input, { limitInputPixels: false }).metadata();
    return { format, width, height };
  } catch (error) {
    throw new InvalidImageError(NOT_A_PHOTO, { cause: error });
  }
}
