import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InvalidImageError, MAX_PHOTO_BYTES, processPhoto } from '../../src/lib/images.js';

// Each photo is made here with sharp, so the tests need no binary fixtures.
function solid(width: number, height: number, background = '#3a7bd5') {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** Left half red, right half blue: shows which way an image was turned. */
function halves(width: number, height: number) {
  const blue = { create: { width: width / 2, height, channels: 3 as const, background: '#00f' } };
  return solid(width, height, '#f00').composite([{ input: blue, left: width / 2, top: 0 }]);
}

/** Random pixels, so the JPEG is large enough to cut inside its compressed data. */
function noise(width: number, height: number) {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });
}

async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

function expectClose(actual: number[], expected: number[]) {
  actual.forEach((value, channel) => expect(Math.abs(value - expected[channel]!)).toBeLessThan(8));
}

async function expectInvalid(input: Buffer, message: RegExp) {
  const result = processPhoto(input);
  await expect(result).rejects.toBeInstanceOf(InvalidImageError);
  await expect(result).rejects.toThrow(message);
}

const GPS_IFD_POINTER = 0x8825; // the EXIF tag that points at the GPS coordinates
const XMP_WITH_LOCATION = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
  xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="23,33.0S"
  exif:GPSLongitude="46,38.0W"/></rdf:RDF></x:xmpmeta>`;

function hasTag(exif: Buffer, tag: number): boolean {
  const bigEndian = Buffer.from([tag >> 8, tag & 0xff]);
  return exif.includes(bigEndian) || exif.includes(Buffer.from([tag & 0xff, tag >> 8]));
}

describe('processPhoto', () => {
  it('strips EXIF (with GPS), XMP and the ICC profile', async () => {
    const input = await solid(800, 600)
      .withIccProfile('p3')
      .withExif({
        IFD0: { Make: 'Acme', Model: 'Phone 12', DateTime: '2024:05:01 09:30:00' },
        IFD3: {
          GPSLatitudeRef: 'S',
          GPSLatitude: '23/1 33/1 0/1',
          GPSLongitudeRef: 'W',
          GPSLongitude: '46/1 38/1 0/1',
        },
      })
      .withXmp(XMP_WITH_LOCATION)
      .jpeg()
      .toBuffer();
    const before = await sharp(input).metadata();
    // The input really carries what must go, or this test would prove nothing.
    expect(before.exif && hasTag(before.exif, GPS_IFD_POINTER)).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();

    const { display } = await processPhoto(input);

    const after = await sharp(display.data).metadata();
    expect(after).toMatchObject({ format: 'jpeg', space: 'srgb', hasProfile: false });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    for (const trace of ['Exif', 'Acme', 'Phone 12', 'GPS', 'xmpmeta']) {
      expect(display.data.includes(trace)).toBe(false);
    }
  });

  it('shrinks a large image to fit inside 512×512, keeping its proportions, as JPEG', async () => {
    const { display } = await processPhoto(await solid(2000, 1000).png().toBuffer());

    expect(display).toMatchObject({ contentType: 'image/jpeg', width: 512, height: 256 });
    expect(await sharp(display.data).metadata()).toMatchObject({
      format: 'jpeg',
      width: 512,
      height: 256,
    });
  });

  it('does not enlarge a small image', async () => {
    const { display } = await processPhoto(await solid(100, 100).webp().toBuffer());

    expect(display).toMatchObject({ contentType: 'image/jpeg', width: 100, height: 100 });
    expect((await sharp(display.data).metadata()).format).toBe('jpeg');
  });

  it('turns the image upright according to its EXIF orientation', async () => {
    // Orientation 6: the camera was turned, the pixels must be rotated 90° clockwise to view.
    const input = await halves(400, 300).jpeg().withMetadata({ orientation: 6 }).toBuffer();

    const { display } = await processPhoto(input);

    expect(display).toMatchObject({ width: 300, height: 400 });
    expectClose(await pixel(display.data, 150, 20), [255, 0, 0]); // the left edge is now on top
    expectClose(await pixel(display.data, 150, 380), [0, 0, 255]);
  });

  it('puts transparent areas on white rather than black', async () => {
    const clear = { r: 0, g: 0, b: 0, alpha: 0 };
    const input = await sharp({ create: { width: 40, height: 40, channels: 4, background: clear } })
      .png()
      .toBuffer();

    const { display } = await processPhoto(input);

    expectClose(await pixel(display.data, 20, 20), [255, 255, 255]);
  });

  it('accepts a photo of exactly the maximum size', async () => {
    const photo = await solid(50, 50).jpeg().toBuffer();
    // Bytes after the end-of-image marker are ignored by decoders.
    const input = Buffer.concat([photo, Buffer.alloc(MAX_PHOTO_BYTES - photo.length)]);

    await expect(processPhoto(input)).resolves.toMatchObject({ display: { width: 50 } });
  });

  it('rejects a file over 5 MB, even one that would decode', async () => {
    const photo = await solid(50, 50).jpeg().toBuffer();
    const input = Buffer.concat([photo, Buffer.alloc(MAX_PHOTO_BYTES + 1 - photo.length)]);

    await expectInvalid(input, /must be at most 5 MB/);
  });

  it('rejects an image whose header claims too many pixels (a decompression bomb)', async () => {
    // 48 megapixels of one colour compress to about 150 kB of PNG.
    const bomb = await solid(8000, 6000, '#ffffff').png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(MAX_PHOTO_BYTES);

    await expectInvalid(bomb, /must be at most 40 megapixels/);
  });

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">
    <rect width="64" height="64" fill="red"/></svg>`;
  const pdf =
    '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';

  it.each<[string, () => Promise<Buffer>]>([
    ['a GIF', () => solid(64, 64).gif().toBuffer()],
    ['a TIFF', () => solid(64, 64).tiff().toBuffer()],
    ['an SVG', async () => Buffer.from(svg)],
    ['a PDF', async () => Buffer.from(pdf)],
    ['plain text', async () => Buffer.from('name,phone\nAna,+5511999999999\n')],
    ['random bytes', async () => randomBytes(4096)],
    ['an empty file', async () => Buffer.alloc(0)],
    [
      'a truncated JPEG',
      async () => {
        const photo = await noise(400, 300).jpeg().toBuffer();
        return photo.subarray(0, Math.floor(photo.length * 0.8)); // header intact, data cut
      },
    ],
  ])('rejects %s', async (_name, make) => {
    await expectInvalid(await make(), /^must be a JPEG, PNG or WebP image$/);
  });
});
