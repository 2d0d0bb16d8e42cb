/**
 * iCalendar feeds (DESIGN.md "Calendars"), as pure functions: collections in, `.ics` text out.
 * ical-generator does the RFC 5545 writing; this module decides what goes in it:
 *
 * - one all-day event per service per date, `DTSTART;VALUE=DATE` from a `YYYY-MM-DD` string (never a
 *   local-midnight `Date`, which lands on the previous day in summer time), `DTEND` the next day;
 * - every event `id` set explicitly (ical-generator's default is a random UUID, which makes every
 *   download look like a new calendar), single events only (no RRULE: `repeating.until` writes a
 *   DATE-TIME for all-day events, and bank-holiday moves break any rule anyway);
 * - `SEQUENCE` = the council's schedule version, so it never goes down and rises with every published
 *   schedule change: a moved collection always carries a higher SEQUENCE than the version before it.
 */
import ical, { ICalAlarmType, ICalEventStatus, ICalEventTransparency, type ICalEventData } from 'ical-generator';
import { addDays, type LocalDate } from './dates.ts';
import { translate, type Lang } from '../../web/i18n/index.ts';
import { longDate } from '../../web/i18n/dates.ts';
import { localReason } from '../../web/i18n/holidays.ts';

/** Bump when the feed's shape changes, so validators from older code never match. */
export const FEED_FORMAT_VERSION = 1;

/** How far back and forward a feed reaches: the last 4 weeks to the same date next year. */
export function feedWindow(today: LocalDate): { from: LocalDate; to: LocalDate } {
  const year = +today.slice(0, 4) + 1;
  // 29 February has no twin next year: stop on 28 February.
  const to = today.slice(5) === '02-29' ? `${year}-02-28` : `${year}${today.slice(4)}`;
  return { from: addDays(today, -28), to };
}

const SERVICE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const REMINDER_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * `services=refuse,food` as a sorted, de-duplicated list; null when any part is malformed
 * (empty, stray commas, characters no service id uses). Whether each id exists is checked later.
 */
export function parseServiceList(text: string): string[] | null {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !SERVICE_ID_RE.test(p))) return null;
  return [...new Set(parts)].sort();
}

/** `reminder=18:00` → seconds before the all-day event's start (local midnight) when the alarm fires: the evening before. */
export function reminderSecondsBefore(text: string): number | null {
  const m = REMINDER_RE.exec(text);
  if (!m) return null;
  return 24 * 3600 - (+m[1] * 3600 + +m[2] * 60);
}

/** The host part of UIDs: the same on every instance that shares PUBLIC_URL. */
export const uidHost = (publicUrl: string): string => new URL(publicUrl).host;

/** `{subject}-{service}-{originalDate}@{host}`: keyed on the base date, so a moved collection updates in place. */
export const collectionUid = (subject: string | number, service: string, originalDate: LocalDate, host: string) =>
  `${subject}-${service}-${originalDate}@${host}`;

export interface FeedServiceInfo {
  id: string;
  name: string;
  container: string;
  colour: string;
}

/** One event: one collection of one service (never two bins in one event). */
export interface FeedEvent {
  uid: string;
  service: FeedServiceInfo;
  /** The day the bin goes out (the base date when cancelled). */
  date: LocalDate;
  originalDate: LocalDate;
  changed: boolean;
  cancelled: boolean;
  reason?: string;
  /** Round feeds and the changes feed name the round. */
  roundName?: string;
  /** Contract feeds: containers lifted, and the container the contract names. */
  quantity?: number;
  /** A one-off collection the resident booked (bulky waste): the summary says so. */
  booked?: boolean;
  container?: string;
}

export interface FeedCalendar {
  name: string;
  description?: string;
  /** The council's IANA zone: written as X-WR-TIMEZONE only; dates carry no TZID. */
  timezone: string;
  /** DTSTAMP of every event: fixed per validator so every fetch and every instance writes the same bytes. */
  stamp: Date;
  sequence: number;
  /** Seconds before the start for a display alarm (the evening before), when asked for. */
  reminderSecondsBefore?: number | null;
  /** Changes feed: the summary says what changed. */
  describeChange?: boolean;
  /** The language of titles and descriptions (`?lang=`, else the council's first). */
  lang: Lang;
}

function summaryOf(e: FeedEvent, cal: FeedCalendar): string {
  const name = e.booked ? `${e.service.name}: ${translate(cal.lang, 'bulky.booked_collection')}` : e.service.name;
  const base = e.roundName ? `${name} (${e.roundName})` : name;
  if (!cal.describeChange) return base;
  return translate(cal.lang, e.cancelled ? 'ical.cancelled_summary' : 'ical.moved_summary', { service: base });
}

function descriptionOf(e: FeedEvent, lang: Lang): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
  const lines: string[] = [];
  const container = e.container ?? e.service.container;
  lines.push(e.quantity && e.quantity > 1 ? t('ical.containers', { count: e.quantity, container }) : t('ical.container', { container }));
  lines.push(t('ical.colour', { colour: e.service.colour }));
  if (e.roundName) lines.push(t('ical.round', { round: e.roundName }));
  const was = longDate(lang, e.originalDate, true);
  const why = e.reason ? `: ${localReason(e.reason, lang)}` : '';
  if (e.cancelled) lines.push(`${t('ical.cancelled_was', { date: was })}${why}`);
  else if (e.changed && e.date !== e.originalDate) lines.push(`${t('ical.moved_from', { date: was })}${why}`);
  return lines.join('\n');
}

export function eventData(e: FeedEvent, cal: FeedCalendar): ICalEventData {
  const summary = summaryOf(e, cal);
  const data: ICalEventData = {
    id: e.uid,
    sequence: cal.sequence,
    stamp: cal.stamp,
    start: e.date,
    end: addDays(e.date, 1),
    allDay: true,
    summary,
    description: descriptionOf(e, cal.lang),
    // A bin day should not mark the person busy.
    transparency: ICalEventTransparency.TRANSPARENT,
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  };
  if (cal.reminderSecondsBefore != null && !e.cancelled) {
    data.alarms = [{ type: ICalAlarmType.display, trigger: cal.reminderSecondsBefore, description: translate(cal.lang, 'ical.put_out', { service: e.service.name }) }];
  }
  return data;
}

const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Writes the calendar. Events should already be sorted (date, then service). */
export function renderCalendar(cal: FeedCalendar, events: FeedEvent[]): string {
  const calendar = ical({
    prodId: { company: 'Kerbside', product: 'Kerbside bin collections', language: cal.lang.toUpperCase() },
    name: cal.name,
    description: cal.description ?? null,
    // ttl writes REFRESH-INTERVAL;VALUE=DURATION:P1D and X-PUBLISHED-TTL:P1D.
    ttl: 24 * 3600,
    events: events.map((e) => eventData(e, cal)),
  });
  return withTimezoneHeader(calendar.toString(), cal.timezone);
}

/**
 * X-WR-TIMEZONE belongs with the calendar's properties, before the first VEVENT. ical-generator's
 * `timezone` option would also turn DTSTAMP into a floating local time, and its `x` option writes
 * after the events, so the line goes in here, after the TTL lines.
 */
function withTimezoneHeader(text: string, timezone: string): string {
  const anchor = 'X-PUBLISHED-TTL:P1D\r\n';
  const i = text.indexOf(anchor);
  const line = `X-WR-TIMEZONE:${escapeText(timezone)}\r\n`;
  if (i < 0) return text.replace('BEGIN:VEVENT', `${line}BEGIN:VEVENT`);
  return text.slice(0, i + anchor.length) + line + text.slice(i + anchor.length);
}

/** Subscription links for a property: `webcal://` (calendar apps), `https://` (download) and Google Calendar. */
export function calendarLinks(publicUrl: string, uprn: number | string): { webcal: string; https: string; google: string } {
  const base = publicUrl.replace(/\/$/, '');
  const https = `${base}/calendars/properties/${uprn}.ics`;
  const webcal = https.replace(/^https?:\/\//, 'webcal://');
  return { webcal, https, google: `https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcal)}` };
}
