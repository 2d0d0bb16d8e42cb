/**
 * Crew photos: recognise the image type by its bytes (never by a header the client chose) and drop
 * the metadata that can carry a location or a device identity before anything is stored.
 *
 * - JPEG: APP1 (Exif, XMP), APP13 (Photoshop/IPTC) and COM segments go; JFIF, ICC (APP2), Adobe
 *   (APP14) and the image data stay. Exif orientation goes with Exif: the app re-encodes photos
 *   upright before upload, so nothing depends on it.
 * - PNG: eXIf, tEXt, iTXt, zTXt and tIME chunks go.
 * - WebP: EXIF and XMP chunks go, the VP8X flags that announce them are cleared and the RIFF size
 *   is fixed.
 *
 * Pure: bytes in, bytes out. Malformed input throws `ImageFormatError`.
 */

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export class ImageFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageFormatError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The image type from its leading bytes, or undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Strips location and other metadata; the result is the same image without them. */
export function stripImageMetadata(bytes: Uint8Array): { type: ImageType; bytes: Uint8Array } {
  const type = sniffImageType(bytes);
  if (type === 'image/jpeg') return { type, bytes: stripJpeg(bytes) };
  if (type === 'image/png') return { type, bytes: stripPng(bytes) };
  if (type === 'image/webp') return { type, bytes: stripWebp(bytes) };
  throw new ImageFormatError('Not a JPEG, PNG or WebP image.');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- JPEG -------------------------------------------------------------------------------------

const JPEG_DROPPED = new Set([0xe1, 0xed, 0xfe]); // APP1 (Exif/XMP), APP13 (IPTC), COM
const SOS = 0xda;
const EOI = 0xd9;
/** Markers that stand alone, without a length field. */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);

export function stripJpeg(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)]; // SOI
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageFormatError('JPEG: expected a marker.');
    // Any number of 0xFF fill bytes may precede a marker.
    let m = at + 1;
    while (m < bytes.length && bytes[m] === 0xff) m++;
    if (m >= bytes.length) throw new ImageFormatError('JPEG: truncated marker.');
    const marker = bytes[m];
    if (marker === EOI) {
      parts.push(bytes.subarray(m - 1, m + 1));
      return concat(parts);
    }
    if (standalone(marker)) {
      parts.push(bytes.subarray(m - 1, m + 1));
      at = m + 1;
      continue;
    }
    if (m + 3 > bytes.length) throw new ImageFormatError('JPEG: truncated segment.');
    const length = (bytes[m + 1] << 8) | bytes[m + 2];
    const end = m + 1 + length;
    if (length < 2 || end > bytes.length) throw new ImageFormatError('JPEG: segment length out of range.');
    if (marker === SOS) {
      // Entropy-coded data follows; no metadata lives there. Keep the rest as it is.
      parts.push(bytes.subarray(m - 1));
      return concat(parts);
    }
    if (!JPEG_DROPPED.has(marker)) parts.push(bytes.subarray(m - 1, end));
    at = end;
  }
  throw new ImageFormatError('JPEG: no image data.');
}

// ---- PNG --------------------------------------------------------------------------------------

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

export function stripPng(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new ImageFormatError('PNG: truncated chunk.');
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + length;
    if (end > bytes.length) throw new ImageFormatError('PNG: chunk length out of range.');
    if (!PNG_DROPPED.has(type)) parts.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return concat(parts);
  }
  throw new ImageFormatError('PNG: no IEND chunk.');
}

// ---- WebP -------------------------------------------------------------------------------------

const WEBP_DROPPED = new Set(['EXIF', 'XMP ']);
const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;

export function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length || riffEnd < 12) throw new ImageFormatError('WebP: RIFF size out of range.');
  const parts: Uint8Array[] = [];
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new ImageFormatError('WebP: truncated chunk.');
    const fourcc = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size & 1); // chunks are padded to an even length
    if (end > riffEnd) throw new ImageFormatError('WebP: chunk size out of range.');
    if (fourcc === 'VP8X') {
      if (size < 10) throw new ImageFormatError('WebP: VP8X chunk too short.');
      const chunk = bytes.slice(at, end);
      chunk[8] &= ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
      parts.push(chunk);
    } else if (!WEBP_DROPPED.has(fourcc)) {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
  }
  const body = concat(parts);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return concat([header, body]);
}
