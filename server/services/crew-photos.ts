/**
 * Crew photos. The type is read from the bytes, metadata (location above all) is stripped before
 * anything is stored, and the photo belongs to the uploader's council. The device may choose the id
 * (a UUID) so that a retried upload after a lost answer stores the photo once.
 */
import { and, eq } from 'drizzle-orm';
import { crewPhotos } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { ImageFormatError, stripImageMetadata, type ImageType } from '../domain/image-metadata.ts';
import { DomainError, notFound, unauthorized } from '../errors.ts';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isPhotoId = (id: string) => UUID.test(id);

function scope(ctx: ServiceContext): number {
  if (ctx.councilId === undefined || !ctx.user) throw unauthorized();
  return ctx.councilId;
}

export interface StoredPhoto {
  id: string;
  contentType: ImageType;
  bytes: number;
  /** False when this id was already stored (a retry). */
  created: boolean;
}

export async function storePhoto(ctx: ServiceContext, input: { bytes: Uint8Array; id?: string }): Promise<StoredPhoto> {
  const councilId = scope(ctx);
  if (input.id !== undefined && !isPhotoId(input.id)) throw new DomainError('invalid_photo_id', 'A photo id is a UUID.', 400);
  if (input.bytes.length === 0) throw new DomainError('invalid_image', 'The photo is empty.', 400);
  if (input.bytes.length > MAX_PHOTO_BYTES) throw new DomainError('payload_too_large', 'Photos can be up to 5 MB.', 413);
  let stripped: { type: ImageType; bytes: Uint8Array };
  try {
    stripped = stripImageMetadata(input.bytes);
  } catch (err) {
    if (err instanceof ImageFormatError) {
      throw new DomainError('unsupported_image', 'Photos must be JPEG, PNG or WebP images.', 415, { reason: err.message });
    }
    throw err;
  }
  const id = (input.id ?? crypto.randomUUID()).toLowerCase();
  const data = Buffer.from(stripped.bytes).toString('base64');
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(crewPhotos)
      .values({ id, councilId, contentType: stripped.type, data, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .returning({ id: crewPhotos.id });
    if (inserted.length) return { id, contentType: stripped.type, bytes: stripped.bytes.length, created: true };
    const [existing] = await tx.select({ councilId: crewPhotos.councilId, contentType: crewPhotos.contentType, data: crewPhotos.data }).from(crewPhotos).where(eq(crewPhotos.id, id));
    if (!existing || existing.councilId !== councilId) throw new DomainError('photo_id_taken', 'That photo id is already used.', 409);
    return { id, contentType: existing.contentType as ImageType, bytes: Buffer.from(existing.data, 'base64').length, created: false };
  });
}

export async function getPhoto(ctx: ServiceContext, id: string): Promise<{ contentType: string; bytes: Uint8Array }> {
  const councilId = scope(ctx);
  if (!isPhotoId(id)) throw notFound('No such photo');
  const [row] = await ctx.db
    .select()
    .from(crewPhotos)
    .where(and(eq(crewPhotos.id, id.toLowerCase()), eq(crewPhotos.councilId, councilId)));
  if (!row) throw notFound('No such photo');
  return { contentType: row.contentType, bytes: Buffer.from(row.data, 'base64') };
}
