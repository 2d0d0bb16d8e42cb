/**
 * Open311 adapters for garden waste subscriptions and bulky waste bookings. Each reads its
 * attributes and calls the kind's own create verb (`createGardenSubscription`, `bookBulky`: the
 * same the JSON API calls), passed in by server/services/open311-request-services.ts, so this file
 * depends only on the bodies DESIGN.md fixes, not on the kinds' modules.
 *
 *   garden-subscription: attribute[bins] (number), attribute[concession] (yes|no, when the council has a concession price)
 *   bulky-collection:    attribute[date] (YYYY-MM-DD, from GET /api/v1/bulky/slots), attribute[items]
 *                        ("sofa:1,fridge:2", or "sofa,fridge" for one of each), attribute[location] (else `description`)
 */
import type { ServiceContext } from '../context.ts';
import { isLocalDate } from '../domain/dates.ts';
import { translate } from '../../web/i18n/index.ts';
import { pickName } from './open311-names.ts';
import { formatPence, type SubmitResult } from './requests/lifecycle.ts';
import { badAttribute, type Open311RequestAdapter } from './open311-requests.ts';

interface Contact {
  name: string;
  email: string;
  phone?: string | null;
  language?: string;
  channel?: 'web' | 'api' | 'open311' | 'officer';
}

export type GardenCreate = (ctx: ServiceContext, input: Contact & { uprn: number; bins: number; concession?: boolean }) => Promise<SubmitResult>;
export type BulkyCreate = (ctx: ServiceContext, input: Contact & {
  uprn: number; date: string; items: Array<{ id: string; quantity: number }>; location: string;
}) => Promise<SubmitResult>;

const LOCATION_MAX = 500;

export function gardenOpen311(create: GardenCreate): Open311RequestAdapter {
  return {
    code: 'garden-subscription',
    kind: 'garden_subscription',
    offered: (requests) => requests.garden !== undefined,
    attributes(council, lang) {
      const g = council.requests.garden!;
      return [
        {
          variable: true, code: 'bins', datatype: 'number', required: true, order: 2,
          datatype_description: `How many garden waste bins, 1 to ${g.maxBins}, at ${formatPence(g.pricePencePerBin)} each.`,
          description: translate(lang, 'containers.open311_bins'),
        },
        ...(g.concessionPencePerBin !== undefined ? [{
          variable: true as const, code: 'concession', datatype: 'singlevaluelist' as const, required: false, order: 3,
          datatype_description: `yes: the concession price, ${formatPence(g.concessionPencePerBin)} a bin.`,
          description: translate(lang, 'containers.open311_concession'),
          values: [{ key: 'no', name: translate(lang, 'containers.open311_no') }, { key: 'yes', name: translate(lang, 'containers.open311_yes') }],
        }] : []),
      ];
    },
    async submit(ctx, input) {
      const bins = input.attributes.bins ?? '';
      if (!/^\d{1,2}$/.test(bins) || Number(bins) < 1) throw badAttribute('invalid_bins', 'attribute[bins] must be a whole number from 1.');
      const concession = (input.attributes.concession ?? '').toLowerCase();
      if (concession && concession !== 'yes' && concession !== 'no') throw badAttribute('invalid_concession', 'attribute[concession] must be yes or no.');
      return create(ctx, {
        uprn: input.uprn, bins: Number(bins), concession: concession === 'yes',
        name: input.name, email: input.email, phone: input.phone, language: input.language, channel: 'open311',
      });
    },
  };
}

/** "sofa:1,fridge:2" (or "sofa,fridge") → items; null when malformed. */
export function parseItems(text: string): Array<{ id: string; quantity: number }> | null {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || parts.length > 50) return null;
  const items: Array<{ id: string; quantity: number }> = [];
  for (const p of parts) {
    const m = /^([a-z0-9][a-z0-9_-]{0,63})(?:\s*[:×x*]\s*(\d{1,2}))?$/i.exec(p);
    if (!m) return null;
    const quantity = m[2] ? Number(m[2]) : 1;
    if (quantity < 1) return null;
    const same = items.find((i) => i.id === m[1]);
    if (same) same.quantity += quantity;
    else items.push({ id: m[1], quantity });
  }
  return items;
}

export function bulkyOpen311(create: BulkyCreate): Open311RequestAdapter {
  return {
    code: 'bulky-collection',
    kind: 'bulky_booking',
    offered: (requests) => requests.bulky !== undefined,
    attributes(council, lang) {
      const b = council.requests.bulky!;
      return [
        {
          variable: true, code: 'date', datatype: 'string', required: true, order: 2,
          datatype_description: 'The collection date, YYYY-MM-DD: one of the dates GET /api/v1/bulky/slots?uprn= lists.',
          description: translate(lang, 'containers.open311_date'),
        },
        {
          variable: true, code: 'items', datatype: 'string', required: true, order: 3,
          datatype_description: `Item ids with quantities, comma-separated ("sofa:1,fridge:2"), at most ${b.maxItems} in all. `
            + `${formatPence(b.pricePence)} covers ${b.itemsIncluded}; each further item ${formatPence(b.extraItemPence)}. `
            + `Ids: ${b.items.map((i) => `${i.id} (${pickName(i.name, lang)})`).join(', ')}.`,
          description: translate(lang, 'containers.open311_items'),
        },
        {
          variable: true, code: 'location', datatype: 'text', required: false, order: 4,
          datatype_description: `Where the items will be left (up to ${LOCATION_MAX} characters); the description is used when this is not given.`,
          description: translate(lang, 'containers.open311_location'),
        },
      ];
    },
    async submit(ctx, input) {
      const date = input.attributes.date ?? '';
      if (!isLocalDate(date)) throw badAttribute('invalid_date', 'attribute[date] must be a date YYYY-MM-DD.');
      const items = parseItems(input.attributes.items ?? '');
      if (!items) throw badAttribute('invalid_items', 'attribute[items] must list item ids, e.g. "sofa:1,fridge:2".');
      const location = (input.attributes.location || input.description || '').trim();
      if (!location) throw badAttribute('missing_attribute', 'attribute[location] (or description) is required: where will the items be?');
      if (location.length > LOCATION_MAX) throw badAttribute('invalid_location', `attribute[location] must be at most ${LOCATION_MAX} characters.`);
      return create(ctx, {
        uprn: input.uprn, date, items, location,
        name: input.name, email: input.email, phone: input.phone, language: input.language, channel: 'open311',
      });
    },
  };
}
