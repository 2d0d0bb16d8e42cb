/**
 * The bin request pages without a browser: every step, the GOV.UK error summary on a wrong or
 * missing answer, the check page with the charge and delivery day, paid → the payment page, free →
 * the request's page, what a property that cannot ask sees, Welsh, and the CSRF check.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, HOME, NEIGHBOUR, OTHER_HOME } from './reports-setup.ts';
import { COMMERCIAL, resetContainerRequests, seedContainerCouncils } from './containers-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedContainerCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetContainerRequests(database));

const ORIGIN = 'http://localhost';
const base = (uprn = HOME) => `/property/${uprn}/bins/request`;
const get = (t: ReturnType<typeof app>, path: string) => t.app.request(path);
const post = (t: ReturnType<typeof app>, path: string, fields: Record<string, string>, origin = ORIGIN) =>
  t.app.request(path, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const contact = { name: 'Ada Resident', email: 'ada@example.org', phone: '' };

describe('the steps', () => {
  test('which → why → details (one at a time) → check → payment page', async () => {
    const t = app(database);
    const which = await get(t, base());
    expect(which.status).toBe(200);
    const html = await which.text();
    expect(html).toContain('Which bin or container do you need?');
    for (const id of ['refuse-240', 'recycling-240', 'food-caddy', 'garden-240']) expect(html).toContain(`value="${id}"`);
    expect(html).toContain('£25.00');

    const why = await (await get(t, `${base()}/reason?container=refuse-240`)).text();
    expect(why).toContain('Why do you need a 240L black wheelie bin?');
    expect(why).not.toContain('value="extra"');
    expect(why).toContain(`action="${base()}/details"`); // one at a time: no "how many"

    const details = await get(t, `${base()}/details?container=refuse-240&reason=damaged`);
    expect(details.status).toBe(200);
    expect(await details.text()).toContain('Your details');

    const check = await post(t, `${base()}/check`, { container: 'refuse-240', reason: 'damaged', ...contact });
    expect(check.status).toBe(200);
    const page = await check.text();
    expect(page).toContain('Check your answers before sending your request');
    expect(page).toContain('£25.00');
    expect(page).toContain('With your collection on Monday 14 September 2026');
    expect(page).toContain('Continue to payment');

    const made = await post(t, `${base()}/confirm`, { container: 'refuse-240', reason: 'damaged', quantity: '1', ...contact });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toStartWith('http://localhost:3000/pay/');
    // Asked for: no longer offered, the open request named instead.
    const after = await (await get(t, base())).text();
    expect(after).not.toContain('value="refuse-240"');
    expect(after).toContain('BR-26-000001');
  });

  test('a free container goes straight to its page; "how many" for one that comes in twos', async () => {
    const t = app(database);
    const qty = await (await get(t, `${base()}/quantity?container=food-caddy&reason=missing`)).text();
    expect(qty).toContain('How many do you need?');
    expect(qty).toContain('You can request up to 2.');
    const tooMany = await get(t, `${base()}/details?container=food-caddy&reason=missing&quantity=3`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('Enter a whole number from 1 to 2');

    const made = await post(t, `${base()}/confirm`, { container: 'recycling-240', reason: 'extra', ...contact });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/requests/BR-26-000001');
    const status = await get(t, '/requests/BR-26-000001');
    expect(status.status).toBe(200);
    expect(await status.text()).toContain('240L blue wheelie bin × 1');
  });

  test('a missing or wrong answer comes back with the GOV.UK error summary, on the step it belongs to', async () => {
    const t = app(database);
    const noContainer = await get(t, `${base()}/reason`);
    expect(noContainer.status).toBe(400);
    const a = await noContainer.text();
    expect(a).toContain('govuk-error-summary');
    expect(a).toContain('href="#container"');
    expect(a).toMatch(/<title>Error: /);

    const badReason = await get(t, `${base()}/details?container=refuse-240&reason=extra`);
    expect(badReason.status).toBe(400);
    expect(await badReason.text()).toContain('Select why you need it');

    const noEmail = await post(t, `${base()}/check`, { container: 'refuse-240', reason: 'damaged', name: 'Ada <b>R</b>', email: 'nope' });
    expect(noEmail.status).toBe(400);
    const c = await noEmail.text();
    expect(c).toContain('Enter an email address in the correct format');
    expect(c).toContain('value="Ada &lt;b&gt;R&lt;/b&gt;"');

    // NEIGHBOUR has no garden collection: no garden bin offered, and a hand-made link is refused.
    expect(await (await get(t, base(NEIGHBOUR))).text()).not.toContain('value="garden-240"');
    expect((await get(t, `${base(NEIGHBOUR)}/reason?container=garden-240`)).status).toBe(400);
  });

  test('the request already open when confirming: the first step says so', async () => {
    const t = app(database);
    await post(t, `${base()}/confirm`, { container: 'refuse-240', reason: 'damaged', ...contact });
    const again = await post(t, `${base()}/confirm`, { container: 'refuse-240', reason: 'stolen', ...contact });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('You already have a request open for this container (BR-26-000001)');
  });
});

describe('edges', () => {
  test('a business address and a council that does not deliver bins get a page that says so', async () => {
    const t = app(database);
    const business = await get(t, base(COMMERCIAL));
    expect(business.status).toBe(422);
    expect(await business.text()).toContain('This is a business address.');
    const other = await get(t, base(OTHER_HOME));
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('does not deliver bins or containers on request');
    expect((await get(t, base('999999999999'))).status).toBe(404);
  });

  test('/bins/request finds the address by postcode', async () => {
    const t = app(database);
    expect((await get(t, '/bins/request')).status).toBe(200);
    expect((await get(t, '/bins/request?postcode=zz')).status).toBe(400);
    const list = await get(t, '/bins/request?postcode=te11ab');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`href="${base()}"`);
    expect((await get(t, '/bins/request?postcode=TE9 9ZZ')).status).toBe(404);
  });

  test('in Welsh; a post from another site is refused', async () => {
    const t = app(database);
    const cy = await (await get(t, `${base()}?lang=cy`)).text();
    expect(cy).toContain('Pa fin neu gynhwysydd sydd ei angen arnoch?');
    expect(cy).toContain('Bin olwynion du 240L');
    const evil = await post(t, `${base()}/confirm`, { container: 'recycling-240', reason: 'extra', ...contact }, 'https://evil.example');
    expect(evil.status).toBe(403);
  });
});
