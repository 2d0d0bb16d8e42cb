/**
 * `/property/{uprn}`: a card per service (colour, container, next and last collection, how often),
 * a banner when a collection has moved and why, the next 8 weeks, a map, calendar links and the JSON
 * links Home Assistant users want. The map is the only part that needs JavaScript.
 */
import { ColourChip, SummaryRow, Tag } from './components.tsx';
import { longDate, outcomeLabel, relativeDay } from './format.ts';
import { useLang } from '../i18n/context.ts';
import type { Lang, Translate } from '../i18n/index.ts';
import { Layout } from './layout.tsx';
import { AlertForm } from './alerts/form.tsx';
import { todayStatusText } from './today-status.ts';
import type { CalendarLinkView, CollectionView, PropertyView, ServiceView } from './types.ts';
import type { LocalDate } from '../../server/domain/dates.ts';

export interface PropertyPageProps {
  property: PropertyView;
  collections: CollectionView[];
  calendar: CalendarLinkView;
  today: LocalDate;
  tileUrl: string;
  tileAttribution: string;
  /** The council's time zone, for the time a bin was recorded. */
  timeZone?: string;
  /** A garden waste link to offer (the council offers subscriptions and this home can take or renew one). */
  garden?: 'subscribe' | 'renew' | null;
  /** The council books bulky waste collections for this property (docs/requests.md "Bulky"). */
  bulky?: boolean;
}

export function PropertyPage(props: PropertyPageProps) {
  const { property: p, today } = props;
  const moved = p.services.filter((s) => s.next?.changed);
  const anyReportable = p.services.some((s) => s.reportable);
  const hasMap = typeof p.lat === 'number' && typeof p.lon === 'number';
  const { t, lang } = useLang();
  return (
    <Layout
      title={p.address}
      description={t('property.description', { address: p.address, postcode: p.postcode })}
      councilName={p.council.name}
      councilSlug={p.council.slug}
      current="find"
      scripts={hasMap ? ['map'] : []}
      styles={hasMap ? ['/static/leaflet/leaflet.css'] : []}
      back={{ href: `/addresses?postcode=${encodeURIComponent(p.postcode)}`, text: t('property.other_addresses') }}
    >
      <div id="property-summary" data-uprn={String(p.uprn)} data-address={p.address} data-postcode={p.postcode}>
        <span class="govuk-caption-l">{t('layout.service_name')}</span>
        <h1 class="govuk-heading-l">{p.address}</h1>
      </div>

      {moved.length > 0 && <MovedBanner services={moved} today={today} />}

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {p.services.length === 0 && (
            <p class="govuk-body">{t('property.no_services', { council: p.council.name })}</p>
          )}
          {p.services.map((s) => (
            <ServiceCard service={s} uprn={p.uprn} today={today} timeZone={props.timeZone} />
          ))}

          {p.services.length > 0 && (
            <>
              <h2 class="govuk-heading-m">{t('property.missed_heading')}</h2>
              <p class="govuk-body">{anyReportable ? t('property.missed_can') : t('property.missed_cannot')}</p>
              <a href={`/property/${p.uprn}/report`} role="button" draggable="false" class="govuk-button" data-module="govuk-button">
                {t('report.title')}
              </a>
              <p class="govuk-body">
                <a class="govuk-link" href={`/property/${p.uprn}/bins/request`}>{t('containers.property_link')}</a>
              </p>
            </>
          )}

          {props.garden && (
            <p class="govuk-body">
              <a class="govuk-link" id="garden-link" href={`/property/${p.uprn}/garden-waste`}>
                {props.garden === 'renew' ? t('garden.link_renew') : t('garden.link_subscribe')}
              </a>
            </p>
          )}
          {props.bulky && (
            <p class="govuk-body">
              <a class="govuk-link" href={`/property/${p.uprn}/bulky`}>{t('bulky.property_link')}</a>
            </p>
          )}

          <UpcomingTable collections={props.collections} services={p.services} today={today} />
        </div>

        <div class="govuk-grid-column-one-third">
          {hasMap && (
            <section aria-labelledby="map-heading" class="kb-section">
              <h2 class="govuk-heading-m" id="map-heading">
                {t('property.map')}
              </h2>
              <div
                id="property-map"
                class="kb-map"
                data-lat={String(p.lat)}
                data-lon={String(p.lon)}
                data-label={p.address}
                data-tile-url={props.tileUrl}
                data-attribution={props.tileAttribution}
              >
                <p class="govuk-body-s kb-map__fallback">
                  {t('property.map_fallback', { address: p.address, lat: p.lat!.toFixed(5), lon: p.lon!.toFixed(5) })}
                </p>
              </div>
              <p class="govuk-body-s kb-map__attribution">{t('property.map_data', { attribution: props.tileAttribution })}</p>
            </section>
          )}
          <CalendarLinks calendar={props.calendar} uprn={p.uprn} />
          {p.services.length > 0 && <AlertForm uprn={p.uprn} />}
        </div>
      </div>
    </Layout>
  );
}

function MovedBanner(props: { services: ServiceView[]; today: LocalDate }) {
  const { t, lang } = useLang();
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="changes-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="changes-title">
          {t('note.important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">
          {props.services.length === 1 ? t('property.moved_one') : t('property.moved_some')}
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {props.services.map((s) => (
            <li>{movedSentence(s, props.today, lang, t)}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** "Rubbish: Friday 25 December's collection is on Monday 28 December instead, because of Christmas Day." */
export function movedSentence(s: ServiceView, today: LocalDate, lang: Lang, t: Translate): string {
  const next = s.next!;
  const params = { service: s.name, was: next.originalDate ? longDate(next.originalDate, today, lang) : '', date: longDate(next.date, today, lang), reason: next.reason ?? '' };
  if (!next.originalDate) return t(next.reason ? 'property.moved_next_because' : 'property.moved_next', params);
  return t(next.reason ? 'property.moved_because' : 'property.moved', params);
}

function ServiceCard(props: { service: ServiceView; uprn: number | string; today: LocalDate; timeZone?: string }) {
  const { service: s, today } = props;
  const { t, lang } = useLang();
  const headingId = `service-${s.id}`;
  return (
    <section class="govuk-summary-card" aria-labelledby={headingId}>
      <div class="govuk-summary-card__title-wrapper">
        <h2 class="govuk-summary-card__title kb-card-title" id={headingId}>
          <ColourChip colour={s.colour} />
          {s.name}
        </h2>
      </div>
      <div class="govuk-summary-card__content">
        <dl class="govuk-summary-list">
          <SummaryRow label={t('property.next')}>
            {s.next ? (
              <>
                <strong class="kb-next">{relativeDay(s.next.date, today, lang)}</strong>
                {relativeDay(s.next.date, today, lang) !== longDate(s.next.date, today, lang) && (
                  <span class="govuk-body-s kb-muted"> ({longDate(s.next.date, today, lang)})</span>
                )}
                {s.next.changed && (
                  <p class="govuk-body-s kb-changed">
                    <Tag class="govuk-tag--orange">{t('property.changed')}</Tag>{' '}
                    {s.next.originalDate ? t('property.usually', { date: longDate(s.next.originalDate, today, lang) }) : t('property.moved_word')}
                    {s.next.reason ? t('property.moved_reason', { reason: s.next.reason }) : '.'}
                  </p>
                )}
              </>
            ) : (
              t('property.none_planned')
            )}
          </SummaryRow>
          {s.today && (
            <SummaryRow label={t('dates.today')}>
              <span class="kb-today">{todayStatusText(s.today, today, props.timeZone, lang)}</span>
            </SummaryRow>
          )}
          <SummaryRow label={t('property.how_often')}>{s.frequency || t('property.not_set')}</SummaryRow>
          <SummaryRow label={t('property.bin')}>{s.container}</SummaryRow>
          <SummaryRow label={t('property.last')}>
            {s.last ? (
              <>
                {relativeDay(s.last.date, today, lang)}
                <br />
                <span class="govuk-body-s kb-muted">
                  {s.last.outcome ? t('property.crew_recorded', { outcome: outcomeLabel(s.last.outcome, lang) }) : t('property.nothing_recorded')}
                </span>
              </>
            ) : (
              t('property.none_yet')
            )}
          </SummaryRow>
          {s.stream === 'garden' && (
            <SummaryRow label={t('property.garden')}>
              {subscriptionText(s, today, lang, t)}
            </SummaryRow>
          )}
        </dl>
      </div>
    </section>
  );
}

/** Garden waste is a paid subscription: say whether this household has one and for how long. */
function subscriptionText(s: ServiceView, today: LocalDate, lang: Lang, t: Translate) {
  const sub = s.subscription;
  // No window means an open-ended service in force (or none at all): collections ahead say which.
  if (!sub) return s.next ? <Tag class="govuk-tag--green">{t('property.sub_active')}</Tag> : <Tag class="govuk-tag--grey">{t('property.sub_none')}</Tag>;
  if (sub.active) {
    return (
      <>
        <Tag class="govuk-tag--green">{t('property.sub_active')}</Tag>
        {sub.to ? ` ${t('property.sub_until', { date: longDate(sub.to, today, lang) })}` : ''}
      </>
    );
  }
  if (sub.from > today) {
    return (
      <>
        <Tag class="govuk-tag--blue">{t('property.sub_soon')}</Tag> {t('property.sub_from', { date: longDate(sub.from, today, lang) })}
      </>
    );
  }
  return (
    <>
      <Tag class="govuk-tag--grey">{t('property.sub_ended')}</Tag>
      {sub.to ? ` ${t('property.sub_ended_on', { date: longDate(sub.to, today, lang) })}` : ''}
    </>
  );
}

function UpcomingTable(props: { collections: CollectionView[]; services: ServiceView[]; today: LocalDate }) {
  const colours = new Map(props.services.map((s) => [s.id, s.colour]));
  const byDate = new Map<LocalDate, CollectionView[]>();
  for (const c of props.collections) byDate.set(c.date, [...(byDate.get(c.date) ?? []), c]);
  const { t, lang } = useLang();
  if (!byDate.size) return null;
  const today = props.today;
  return (
    <section aria-labelledby="upcoming-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="upcoming-heading">
        {t('property.next_8_weeks')}
      </h2>
      <table class="govuk-table kb-upcoming">
        <caption class="govuk-table__caption govuk-visually-hidden">{t('property.next_8_weeks_caption')}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {t('contract.date')}
            </th>
            <th scope="col" class="govuk-table__header">
              {t('property.bins')}
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {[...byDate].map(([date, list]) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header kb-upcoming__date">
                {relativeDay(date, today, lang) === longDate(date, today, lang)
                  ? longDate(date, today, lang)
                  : `${relativeDay(date, today, lang)}, ${longDate(date, today, lang)}`}
              </th>
              <td class="govuk-table__cell">
                <ul class="govuk-list kb-bins">
                  {list.map((c) => (
                    <li>
                      <ColourChip colour={colours.get(c.service) ?? '#b1b4b6'} />
                      {c.name}
                      {c.changed && (
                        <span class="govuk-body-s kb-changed-note">
                          {' '}
                          ({c.originalDate ? t('property.moved_from', { date: longDate(c.originalDate, today, lang) }) : t('property.moved_lower')}
                          {c.reason ? `: ${c.reason}` : ''})
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CalendarLinks(props: { calendar: CalendarLinkView; uprn: number | string }) {
  const c = props.calendar;
  const { t } = useLang();
  return (
    <section aria-labelledby="calendar-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="calendar-heading">
        {t('property.calendar')}
      </h2>
      <p class="govuk-body">{t('property.calendar_updates')}</p>
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href={c.webcal}>
            {t('property.cal_apple')}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={c.google} rel="noopener">
            {t('property.cal_google')}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={c.download} download>
            {t('property.cal_download')}
          </a>
        </li>
      </ul>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">{t('property.cal_details')}</span>
        </summary>
        <div class="govuk-details__text">
          <p class="govuk-body-s">{t('property.cal_address')}</p>
          <p class="govuk-body-s kb-break">
            <a class="govuk-link" href={c.https}>
              {c.https}
            </a>
          </p>
          <p class="govuk-body-s">{t('property.cal_json')}</p>
          <ul class="govuk-list govuk-body-s">
            <li>
              <a class="govuk-link kb-break" href={`/api/v1/properties/${props.uprn}/bins`}>
                {t('property.json_bins')}
              </a>
            </li>
            <li>
              <a class="govuk-link kb-break" href={`/api/v1/properties/${props.uprn}`}>
                {t('property.json_property')}
              </a>
            </li>
          </ul>
        </div>
      </details>
    </section>
  );
}
