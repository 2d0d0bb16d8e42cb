/**
 * `npm run bench -- pages` (issue 12): the property page rendered in Welsh against the same page in
 * English (goal ≤ 1.1×: catalogues must not slow pages). Same property, same plan and facts; the
 * render alone (the server caches finished pages, so this is the cost of every cache miss), the two
 * taking turns rep by rep. Embedded PGlite in memory, the small fixture council made Welsh-first.
 */
import { openDatabase } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { calendarLinks } from '../../server/domain/ical.ts';
import { addDays } from '../../server/domain/dates.ts';
import { importBundle } from '../../server/services/import.ts';
import { lookupProperty } from '../../server/services/lookup/property-lookup.ts';
import { localizeCollections, localizeView } from '../../server/services/lookup/localize.ts';
import { collectionItems, DEFAULT_RANGE_DAYS } from '../../server/services/property-view.ts';
import { LangContext, type PageLanguage } from '../../web/i18n/context.ts';
import { translator } from '../../web/i18n/index.ts';
import { PropertyPage } from '../../web/pages/property.tsx';
import { fmt, measureInterleaved, printRows, type BenchModule } from './harness.ts';

const NOW = '2026-12-21T10:00:00Z';

export const pagesBench: BenchModule = {
  name: 'pages',
  async run() {
    const database = await openDatabase({});
    try {
      await database.migrate();
      const ctx = { db: database.db, clock: fixedClock(NOW) };
      const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
      bundle.council.languages = ['en', 'cy'];
      bundle.services.find((s: { id: string }) => s.id === 'refuse').name = { en: 'Rubbish', cy: 'Sbwriel' };
      await importBundle(ctx, bundle);
      const lookup = await lookupProperty(ctx, 100090000001);
      const today = lookup.today;
      const all = collectionItems(lookup.plan.ps, today, addDays(today, DEFAULT_RANGE_DAYS));
      const language = (lang: 'en' | 'cy'): PageLanguage => ({ lang, t: translator(lang), offered: ['en', 'cy'], hrefFor: (l) => `?lang=${l}` });
      const render = (lang: 'en' | 'cy') => {
        // What the route does on a miss: the language's view (English needs no localising here) and the HTML.
        const property = lang === 'en' ? lookup.view() : localizeView(lookup.plan, lookup.view(), lang);
        const collections = lang === 'en' ? all : localizeCollections(lookup.plan, all, lang);
        const html = (
          <LangContext.Provider value={language(lang)}>
            <PropertyPage property={property} collections={collections} calendar={{ ...calendarLinks('https://bins.example.org', '100090000001'), download: '/x.ics' }}
              today={today} timeZone="Europe/London" tileUrl="https://tiles.example/{z}/{x}/{y}.png" tileAttribution="© OpenStreetMap contributors" />
          </LangContext.Provider>
        ).toString() as string;
        return html.length;
      };
      const batch = (lang: 'en' | 'cy') => () => {
        let bytes = 0;
        for (let i = 0; i < 200; i++) bytes += render(lang);
        return bytes;
      };
      const m = measureInterleaved({ en: batch('en'), cy: batch('cy') }, { warmup: 3, reps: 11 });
      printRows([
        ['property page, English (200 renders)', fmt.spread(m.en)],
        ['property page, Welsh (200 renders)', fmt.spread(m.cy)],
        ['Welsh / English', `${(m.cy.medianMs / m.en.medianMs).toFixed(2)}× (goal ≤ 1.1×)`],
        ['bytes per page', `English ${fmt.count(m.en.result / 200)}, Welsh ${fmt.count(m.cy.result / 200)}`],
      ]);
    } finally {
      await database.close();
    }
  },
};
