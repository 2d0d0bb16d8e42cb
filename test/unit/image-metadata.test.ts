import { expect, test } from 'bun:test';
import { ImageFormatError, sniffImageType, stripImageMetadata } from '../../server/domain/image-metadata.ts';
import {
  JPEG_2X2, PNG_2X2, SECRET_PLACE, WEBP_2X2, jpegWithMetadata, pngWithMetadata, webpWithMetadata,
} from '../fixtures/crew-images.ts';

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const hasSecret = (b: Uint8Array) => text(b).includes(SECRET_PLACE) || text(b).includes('xmpmeta');

test('the type comes from the bytes, whatever the file is called', () => {
  expect(sniffImageType(JPEG_2X2)).toBe('image/jpeg');
  expect(sniffImageType(PNG_2X2)).toBe('image/png');
  expect(sniffImageType(WEBP_2X2)).toBe('image/webp');
  expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  expect(sniffImageType(new TextEncoder().encode('GIF89a........'))).toBeUndefined();
  expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
});

test('JPEG: Exif, XMP and comments are removed and the image is exactly what it was without them', () => {
  const dirty = jpegWithMetadata();
  expect(hasSecret(dirty)).toBe(true);
  const { type, bytes } = stripImageMetadata(dirty);
  expect(type).toBe('image/jpeg');
  expect(hasSecret(bytes)).toBe(false);
  expect(Buffer.from(bytes).equals(JPEG_2X2)).toBe(true);
});

test('JPEG: the colour profile (APP2) is kept', () => {
  const { bytes } = stripImageMetadata(jpegWithMetadata());
  expect(text(bytes)).toContain('ICC_PROFILE');
});

test('PNG: eXIf and text chunks are removed; the image chunks are untouched', () => {
  const dirty = pngWithMetadata();
  expect(hasSecret(dirty)).toBe(true);
  const { type, bytes } = stripImageMetadata(dirty);
  expect(type).toBe('image/png');
  expect(hasSecret(bytes)).toBe(false);
  expect(text(bytes)).not.toContain('zTXt');
  expect(Buffer.from(bytes).equals(PNG_2X2)).toBe(true);
});

test('WebP: EXIF and XMP chunks are removed, their VP8X flags cleared and the RIFF size fixed', () => {
  const dirty = webpWithMetadata();
  expect(hasSecret(dirty)).toBe(true);
  const { type, bytes } = stripImageMetadata(dirty);
  expect(type).toBe('image/webp');
  expect(hasSecret(bytes)).toBe(false);
  expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true)).toBe(bytes.length - 8);
  expect(bytes[20] & 0x0c).toBe(0);
  expect(Buffer.from(bytes).equals(WEBP_2X2)).toBe(true);
});

test('a clean image passes through unchanged', () => {
  for (const clean of [JPEG_2X2, PNG_2X2, WEBP_2X2]) {
    expect(Buffer.from(stripImageMetadata(clean).bytes).equals(clean)).toBe(true);
  }
});

test('truncated or corrupt images are refused rather than stored half-read', () => {
  const cases = [
    JPEG_2X2.subarray(0, 40), // cut inside the ICC segment
    PNG_2X2.subarray(0, 30), // cut inside IHDR
    new Uint8Array([...PNG_2X2.subarray(0, 8), 0xff, 0xff, 0xff, 0xff, 0x49, 0x48, 0x44, 0x52]), // absurd length
    (() => { const w = new Uint8Array(WEBP_2X2); new DataView(w.buffer).setUint32(4, 99999, true); return w; })(),
    new TextEncoder().encode('just text'),
  ];
  for (const bad of cases) expect(() => stripImageMetadata(bad)).toThrow(ImageFormatError);
});
