/** `/`, `/addresses`, `/property/{uprn}`: find your bin day. */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { publicContext } from '../../middleware/auth.ts';
import { localDateAt } from '../../domain/dates.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import { addDays } from '../../domain/dates.ts';
import { collectionItems, DEFAULT_RANGE_DAYS, findAddresses, requireUprn } from '../../services/property-view.ts';
import { lookupProperty } from '../../services/lookup/property-lookup.ts';
import { calendarLinks } from '../../services/calendars.ts';
import { gardenLink } from '../../services/requests/garden/link.ts';
import { councilToday, getCouncilBySlug } from '../../services/schedule.ts';
import { AddressListPage, FindPage } from '../../../web/pages/find.tsx';
import { PropertyPage } from '../../../web/pages/property.tsx';

import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import { localizeCollections, localizeView } from '../../services/lookup/localize.ts';
import { assetUrl } from '../../../web/pages/assets.ts';
import { anonymousHtml, hasSessionCookie, render } from './render.tsx';
import { encodeAnswer, encodedSize, sendEncoded } from '../encoded-answer.ts';

/** Pages that belong to no council in particular (a report's status) read dates in this zone. */
const DEFAULT_TIME_ZONE = 'Europe/London';

export const residentPages = new Hono<AppEnv>()
  .get('/', async (c) => {
    useLanguage(c, await languagesInUse(c));
    const postcode = (c.req.query('postcode') ?? '').slice(0, 20);
    return render(c, <FindPage postcode={postcode} />);
  })
  .get('/addresses', async (c) => {
    const { t } = useLanguage(c, await languagesInUse(c));
    const typed = (c.req.query('postcode') ?? '').slice(0, 40);
    if (!typed.trim()) {
      return render(c, <FindPage postcode={typed} errors={{ postcode: t('find.enter_postcode') }} />, 400);
    }
    const postcode = normalisePostcode(typed);
    if (!postcode) {
      return render(c, <FindPage postcode={typed} errors={{ postcode: t('find.invalid_postcode') }} />, 400);
    }
    const addresses = await findAddresses(publicContext(c), { postcode });
    if (!addresses.length) {
      const message = t('find.no_addresses', { postcode });
      return render(c, <FindPage postcode={typed} errors={{ postcode: message }} />, 404);
    }
    return render(c, <AddressListPage postcode={postcode} addresses={addresses} />);
  })
  .get('/property/:uprn', async (c) => {
    const { config } = c.var.deps;
    const uprn = requireUprn(c.req.param('uprn'));
    // One lookup (one query when cached): the property answer, the next 8 weeks and the council's day.
    const lookup = await lookupProperty(publicContext(c), uprn);
    const { council } = lookup.plan.ps.schedule;
    // The switch links to this page alone (no other query): the HTML is cached for every visitor.
    const language = { ...useLanguage(c, council.languages), hrefFor: (l: string) => `/property/${uprn}?lang=${l}` };
    // The stored names are the council's first language's; any other language (and the frequency in
    // words, always built in English) is worked out from the plan (server/services/lookup/localize.ts).
    const localize = language.lang !== 'en' || (council.languages ?? ['en'])[0] !== 'en';
    const page = () => {
      const today = lookup.today;
      const all = lookup.memo('collections|default', () => collectionItems(lookup.plan.ps, today, addDays(today, DEFAULT_RANGE_DAYS)));
      const collections = localize ? localizeCollections(lookup.plan, all, language.lang) : all;
      return (
        <PropertyPage
          property={localize ? localizeView(lookup.plan, lookup.view(), language.lang) : lookup.view()}
          collections={collections}
          calendar={{ ...calendarLinks(config.publicUrl, String(uprn)), download: `/calendars/properties/${uprn}.ics` }}
          today={today}
          timeZone={lookup.plan.ps.schedule.council.timezone}
          garden={gardenLink(lookup.plan.ps, today)}
          tileUrl={config.tileUrl}
          tileAttribution={config.tileAttribution}
          bulky={Boolean(council.requests?.bulky) && lookup.plan.ps.property.kind !== 'commercial'}
        />
      );
    };
    // Someone signed in sees their own header: rendered for them. Everyone else gets the page's
    // cached HTML, rebuilt only when what shapes it changes (the lookup's facts, plan and clock phase;
    // the configuration and asset URLs it prints).
    if (hasSessionCookie(c)) return render(c, page());
    const vary = [language.lang, config.publicUrl, config.tileUrl, config.tileAttribution, assetUrl('/static/kerbside.css'), assetUrl('/static/js/map.js')].join('|');
    c.header('Content-Language', language.lang);
    // Kept encoded and gzipped: a hit sends stored bytes (server/routes/encoded-answer.ts).
    c.header('Cache-Control', 'no-store');
    const html = await lookup.cached('page', vary, async () => encodeAnswer(await anonymousHtml(page(), language)), encodedSize);
    return sendEncoded(c, html, 'text/html; charset=UTF-8');
  });

/** "Today" in the council's time zone, for wording ("Today", "Tomorrow"). */
export async function councilTodayFor(c: Context<AppEnv>, councilSlug: string) {
  const ctx = publicContext(c);
  return councilToday(ctx, await getCouncilBySlug(ctx, councilSlug));
}

/** "Today" for pages that belong to no council in particular (the deployment's default zone). */
export const defaultToday = (c: Context<AppEnv>) => localDateAt(c.var.deps.clock.now(), DEFAULT_TIME_ZONE);
