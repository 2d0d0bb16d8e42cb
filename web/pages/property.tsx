/**
 * `/property/{uprn}`: a card per service (colour, container, next and last collection, how often),
 * a banner when a collection has moved and why, the next 8 weeks, a map, calendar links and the JSON
 * links Home Assistant users want. The map is the only part that needs JavaScript.
 */
import { ColourChip, SummaryRow, Tag } from './components.tsx';
import { longDate, OUTCOME_LABEL, relativeDay } from './format.ts';
import { Layout } from './layout.tsx';
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
}

export function PropertyPage(props: PropertyPageProps) {
  const { property: p, today } = props;
  const moved = p.services.filter((s) => s.next?.changed);
  const anyReportable = p.services.some((s) => s.reportable);
  const hasMap = typeof p.lat === 'number' && typeof p.lon === 'number';
  return (
    <Layout
      title={p.address}
      description={`Bin collection days for ${p.address}, ${p.postcode}: the next collection of each bin, the next 8 weeks, calendar links and missed bin reports.`}
      councilName={p.council.name}
      councilSlug={p.council.slug}
      current="find"
      scripts={hasMap ? ['map'] : []}
      styles={hasMap ? ['/static/leaflet/leaflet.css'] : []}
      back={{ href: `/addresses?postcode=${encodeURIComponent(p.postcode)}`, text: 'Other addresses in this postcode' }}
    >
      <div id="property-summary" data-uprn={String(p.uprn)} data-address={p.address} data-postcode={p.postcode}>
        <span class="govuk-caption-l">Bin collections</span>
        <h1 class="govuk-heading-l">{p.address}</h1>
      </div>

      {moved.length > 0 && <MovedBanner services={moved} today={today} />}

      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {p.services.length === 0 && (
            <p class="govuk-body">There are no household collections set up for this address. Contact {p.council.name} if you think that is wrong.</p>
          )}
          {p.services.map((s) => (
            <ServiceCard service={s} uprn={p.uprn} today={today} timeZone={props.timeZone} />
          ))}

          {p.services.length > 0 && (
            <>
              <h2 class="govuk-heading-m">Missed collection?</h2>
              <p class="govuk-body">
                {anyReportable
                  ? 'If your bin was out on time and has not been emptied, tell us and a crew will come back.'
                  : 'None of your collections can be reported as missed right now. The report page explains why for each bin.'}
              </p>
              <a href={`/property/${p.uprn}/report`} role="button" draggable="false" class="govuk-button" data-module="govuk-button">
                Report a missed collection
              </a>
            </>
          )}

          <UpcomingTable collections={props.collections} services={p.services} today={today} />
        </div>

        <div class="govuk-grid-column-one-third">
          {hasMap && (
            <section aria-labelledby="map-heading" class="kb-section">
              <h2 class="govuk-heading-m" id="map-heading">
                Map
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
                  {p.address} is at latitude {p.lat!.toFixed(5)}, longitude {p.lon!.toFixed(5)}. The map needs JavaScript.
                </p>
              </div>
              <p class="govuk-body-s kb-map__attribution">Map data {props.tileAttribution}</p>
            </section>
          )}
          <CalendarLinks calendar={props.calendar} uprn={p.uprn} />
        </div>
      </div>
    </Layout>
  );
}

function MovedBanner(props: { services: ServiceView[]; today: LocalDate }) {
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="changes-title" data-module="govuk-notification-banner">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="changes-title">
          Important
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">
          {props.services.length === 1 ? 'A collection has moved' : 'Some collections have moved'}
        </p>
        <ul class="govuk-list govuk-list--bullet">
          {props.services.map((s) => (
            <li>{movedSentence(s, props.today)}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** "Rubbish: Friday 25 December's collection is on Monday 28 December instead, because of Christmas Day." */
export function movedSentence(s: ServiceView, today: LocalDate): string {
  const next = s.next!;
  const from = next.originalDate ? `${longDate(next.originalDate, today)}'s collection` : 'The next collection';
  const because = next.reason ? `, because of ${next.reason}` : '';
  return `${s.name}: ${from} is on ${longDate(next.date, today)} instead${because}.`;
}

function ServiceCard(props: { service: ServiceView; uprn: number | string; today: LocalDate; timeZone?: string }) {
  const { service: s, today } = props;
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
          <SummaryRow label="Next collection">
            {s.next ? (
              <>
                <strong class="kb-next">{relativeDay(s.next.date, today)}</strong>
                {relativeDay(s.next.date, today) !== longDate(s.next.date, today) && (
                  <span class="govuk-body-s kb-muted"> ({longDate(s.next.date, today)})</span>
                )}
                {s.next.changed && (
                  <p class="govuk-body-s kb-changed">
                    <Tag class="govuk-tag--orange">Changed</Tag>{' '}
                    {s.next.originalDate ? `Usually ${longDate(s.next.originalDate, today)}` : 'Moved'}
                    {s.next.reason ? `, moved because of ${s.next.reason}.` : '.'}
                  </p>
                )}
              </>
            ) : (
              'No collections are planned'
            )}
          </SummaryRow>
          {s.today && (
            <SummaryRow label="Today">
              <span class="kb-today">{todayStatusText(s.today, today, props.timeZone)}</span>
            </SummaryRow>
          )}
          <SummaryRow label="How often">{s.frequency || 'Not set'}</SummaryRow>
          <SummaryRow label="Bin">{s.container}</SummaryRow>
          <SummaryRow label="Last collection">
            {s.last ? (
              <>
                {relativeDay(s.last.date, today)}
                <br />
                <span class="govuk-body-s kb-muted">
                  {s.last.outcome ? `Crew recorded: ${OUTCOME_LABEL[s.last.outcome] ?? s.last.outcome}` : 'Nothing was recorded by the crew'}
                </span>
              </>
            ) : (
              'None yet'
            )}
          </SummaryRow>
          {s.stream === 'garden' && (
            <SummaryRow label="Garden waste subscription">
              {subscriptionText(s, today)}
            </SummaryRow>
          )}
        </dl>
      </div>
    </section>
  );
}

/** Garden waste is a paid subscription: say whether this household has one and for how long. */
function subscriptionText(s: ServiceView, today: LocalDate) {
  const sub = s.subscription;
  // No window means an open-ended service in force (or none at all): collections ahead say which.
  if (!sub) return s.next ? <Tag class="govuk-tag--green">Active</Tag> : <Tag class="govuk-tag--grey">Not subscribed</Tag>;
  if (sub.active) {
    return (
      <>
        <Tag class="govuk-tag--green">Active</Tag>
        {sub.to ? ` until ${longDate(sub.to, today)}` : ''}
      </>
    );
  }
  if (sub.from > today) {
    return (
      <>
        <Tag class="govuk-tag--blue">Starts soon</Tag> {`from ${longDate(sub.from, today)}`}
      </>
    );
  }
  return (
    <>
      <Tag class="govuk-tag--grey">Ended</Tag>
      {sub.to ? ` on ${longDate(sub.to, today)}. Renew with the council to restart collections.` : ''}
    </>
  );
}

function UpcomingTable(props: { collections: CollectionView[]; services: ServiceView[]; today: LocalDate }) {
  const colours = new Map(props.services.map((s) => [s.id, s.colour]));
  const byDate = new Map<LocalDate, CollectionView[]>();
  for (const c of props.collections) byDate.set(c.date, [...(byDate.get(c.date) ?? []), c]);
  if (!byDate.size) return null;
  return (
    <section aria-labelledby="upcoming-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="upcoming-heading">
        The next 8 weeks
      </h2>
      <table class="govuk-table kb-upcoming">
        <caption class="govuk-table__caption govuk-visually-hidden">Collections in the next 8 weeks</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Date
            </th>
            <th scope="col" class="govuk-table__header">
              Bins
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {[...byDate].map(([date, list]) => (
            <tr class="govuk-table__row">
              <th scope="row" class="govuk-table__header kb-upcoming__date">
                {relativeDay(date, props.today) === longDate(date, props.today)
                  ? longDate(date, props.today)
                  : `${relativeDay(date, props.today)}, ${longDate(date, props.today)}`}
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
                          (moved{c.originalDate ? ` from ${longDate(c.originalDate, props.today)}` : ''}
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
  return (
    <section aria-labelledby="calendar-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="calendar-heading">
        Add to your calendar
      </h2>
      <p class="govuk-body">Your calendar updates itself when a collection moves.</p>
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href={c.webcal}>
            Subscribe on iPhone, Mac or Outlook
          </a>
        </li>
        <li>
          <a class="govuk-link" href={c.google} rel="noopener">
            Subscribe in Google Calendar
          </a>
        </li>
        <li>
          <a class="govuk-link" href={c.download} download>
            Download a calendar file (.ics)
          </a>
        </li>
      </ul>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Calendar address and data for Home Assistant</span>
        </summary>
        <div class="govuk-details__text">
          <p class="govuk-body-s">Calendar address to paste into any calendar app:</p>
          <p class="govuk-body-s kb-break">
            <a class="govuk-link" href={c.https}>
              {c.https}
            </a>
          </p>
          <p class="govuk-body-s">For Home Assistant and developers (JSON):</p>
          <ul class="govuk-list govuk-body-s">
            <li>
              <a class="govuk-link kb-break" href={`/api/v1/properties/${props.uprn}/bins`}>
                Bin days (UKBinCollectionData format)
              </a>
            </li>
            <li>
              <a class="govuk-link kb-break" href={`/api/v1/properties/${props.uprn}`}>
                Property and services
              </a>
            </li>
          </ul>
        </div>
      </details>
    </section>
  );
}
