import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import { addUser } from '../../server/services/auth.ts';
import { JPEG_2X2, PNG_2X2, SECRET_PLACE, WEBP_2X2, jpegWithMetadata, pngWithMetadata, webpWithMetadata } from '../fixtures/crew-images.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
let app: ReturnType<typeof buildTestApp>['app'];
let deps: ReturnType<typeof buildTestApp>['deps'];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database));
  await database.db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }]);
});

async function signIn(email: string, council = 'demo', role: 'crew' | 'officer' = 'crew') {
  await addUser(deps, { councilSlug: council, email, password: 'a long password', role });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long password' }),
  });
  return res.headers.get('set-cookie')!.split(';')[0];
}

const upload = (cookie: string, bytes: Uint8Array, contentType = 'application/octet-stream', query = '') =>
  app.request(`/api/v1/crew/photos${query}`, { method: 'POST', headers: { cookie, 'content-type': contentType }, body: bytes as BodyInit });

const storedCount = async () => {
  const r = (await database.db.execute(sql`select count(*)::int as n from crew_photos`)) as any;
  return (r.rows ?? r)[0].n as number;
};
const latin1 = (b: ArrayBuffer) => Buffer.from(b).toString('latin1');

test('a JPEG with Exif and XMP location is stored without them and served back as the same picture', async () => {
  const cookie = await signIn('crew@demo.test');
  const res = await upload(cookie, jpegWithMetadata());
  expect(res.status).toBe(201);
  const body = await res.json();
  expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), contentType: 'image/jpeg', bytes: JPEG_2X2.length });
  const photo = await app.request(`/api/v1/crew/photos/${body.id}`, { headers: { cookie } });
  expect(photo.status).toBe(200);
  expect(photo.headers.get('content-type')).toBe('image/jpeg');
  const served = await photo.arrayBuffer();
  expect(latin1(served)).not.toContain(SECRET_PLACE);
  expect(Buffer.from(served).equals(JPEG_2X2)).toBe(true);
});

test('the type is read from the bytes: a PNG labelled as JPEG is a PNG; PNG text and WebP EXIF are stripped', async () => {
  const cookie = await signIn('crew@demo.test');
  const png = await (await upload(cookie, pngWithMetadata(), 'image/jpeg')).json();
  expect(png.contentType).toBe('image/png');
  expect(png.bytes).toBe(PNG_2X2.length);
  const form = new FormData();
  form.append('photo', new File([webpWithMetadata() as BlobPart], 'IMG_0001.jpg', { type: 'image/jpeg' }));
  const res = await app.request('/api/v1/crew/photos', { method: 'POST', headers: { cookie, origin: 'http://localhost' }, body: form });
  expect(res.status).toBe(201);
  const webp = await res.json();
  expect(webp.contentType).toBe('image/webp');
  const served = await (await app.request(`/api/v1/crew/photos/${webp.id}`, { headers: { cookie } })).arrayBuffer();
  expect(Buffer.from(served).equals(WEBP_2X2)).toBe(true);
});

test('anything that is not JPEG, PNG or WebP is refused with 415, whatever its header says', async () => {
  const cookie = await signIn('crew@demo.test');
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
  for (const bytes of [svg, gif, JPEG_2X2.subarray(0, 50)]) {
    const res = await upload(cookie, bytes, 'image/png');
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_image');
  }
  const empty = await upload(cookie, new Uint8Array(0), 'image/png');
  expect(empty.status).toBe(400);
  expect(await storedCount()).toBe(0);
});

test('photos over 5 MB are refused with 413 and nothing is stored', async () => {
  const cookie = await signIn('crew@demo.test');
  const big = new Uint8Array(5 * 1024 * 1024 + 1);
  big.set(JPEG_2X2);
  const res = await upload(cookie, big, 'image/jpeg');
  expect(res.status).toBe(413);
  expect((await res.json()).error.code).toBe('payload_too_large');
  expect(await storedCount()).toBe(0);
});

test('an upload retried with the same device-chosen id stores one photo', async () => {
  const cookie = await signIn('crew@demo.test');
  const id = crypto.randomUUID();
  const first = await upload(cookie, JPEG_2X2, 'image/jpeg', `?id=${id}`);
  const again = await upload(cookie, JPEG_2X2, 'image/jpeg', `?id=${id}`);
  expect(first.status).toBe(201);
  expect(again.status).toBe(200);
  expect((await again.json()).id).toBe(id);
  expect(await storedCount()).toBe(1);
  const bad = await upload(cookie, JPEG_2X2, 'image/jpeg', '?id=not-a-uuid');
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.code).toBe('invalid_photo_id');
});

test("photos belong to a council: another council's crew can neither see nor overwrite one", async () => {
  const mine = await signIn('crew@demo.test');
  const theirs = await signIn('crew@other.test', 'other');
  const id = crypto.randomUUID();
  expect((await upload(mine, JPEG_2X2, 'image/jpeg', `?id=${id}`)).status).toBe(201);
  expect((await app.request(`/api/v1/crew/photos/${id}`, { headers: { cookie: theirs } })).status).toBe(404);
  const clash = await upload(theirs, PNG_2X2, 'image/png', `?id=${id}`);
  expect(clash.status).toBe(409);
  expect((await clash.json()).error.code).toBe('photo_id_taken');
  const officer = await signIn('officer@demo.test', 'demo', 'officer');
  const seen = await app.request(`/api/v1/crew/photos/${id}`, { headers: { cookie: officer } });
  expect(seen.headers.get('content-type')).toBe('image/jpeg');
});

test('uploading needs a crew or officer session, and a form post from another site is refused', async () => {
  expect((await upload('', JPEG_2X2, 'image/jpeg')).status).toBe(401);
  const cookie = await signIn('crew@demo.test');
  const form = new FormData();
  form.append('photo', new File([JPEG_2X2], 'a.jpg'));
  const res = await app.request('/api/v1/crew/photos', { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, body: form });
  expect(res.status).toBe(403);
  expect(await storedCount()).toBe(0);
});
