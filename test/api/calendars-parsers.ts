/**
 * Reads an .ics body with two independent parsers (ical.js and node-ical) into the same plain shape,
 * so calendar tests check what real consumers would see, twice.
 */
import ICAL from 'ical.js';
import nodeIcal from 'node-ical';

export interface ParsedEvent {
  uid: string;
  summary: string;
  /** YYYY-MM-DD, read as an all-day date. */
  start: string;
  startIsDate: boolean;
  end: string | null;
  sequence: number;
  status: string | null;
  description: string;
  hasStamp: boolean;
  /** The alarm's TRIGGER in seconds relative to the start (negative: before), when there is one. */
  alarmSeconds: number | null;
}

export interface ParsedCalendar {
  name: string | null;
  calName: string | null;
  timezone: string | null;
  refreshInterval: string | null;
  publishedTtl: string | null;
  events: ParsedEvent[];
}

const byStartThenUid = (a: ParsedEvent, b: ParsedEvent) =>
  a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;

export function parseWithIcalJs(text: string): ParsedCalendar {
  const cal = new ICAL.Component(ICAL.parse(text));
  const str = (v: unknown) => (v == null ? null : String(v));
  const events = cal.getAllSubcomponents('vevent').map((v): ParsedEvent => {
    const ev = new ICAL.Event(v);
    const trigger = v.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger') as ICAL.Duration | undefined;
    return {
      uid: ev.uid,
      summary: ev.summary,
      start: ev.startDate.toString().slice(0, 10),
      startIsDate: ev.startDate.isDate,
      end: v.hasProperty('dtend') ? ev.endDate.toString().slice(0, 10) : null,
      sequence: ev.sequence,
      status: str(v.getFirstPropertyValue('status')),
      description: ev.description,
      hasStamp: v.hasProperty('dtstamp'),
      alarmSeconds: trigger ? trigger.toSeconds() : null,
    };
  });
  return {
    name: str(cal.getFirstPropertyValue('name')),
    calName: str(cal.getFirstPropertyValue('x-wr-calname')),
    timezone: str(cal.getFirstPropertyValue('x-wr-timezone')),
    refreshInterval: str(cal.getFirstPropertyValue('refresh-interval')),
    publishedTtl: str(cal.getFirstPropertyValue('x-published-ttl')),
    events: events.sort(byStartThenUid),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** node-ical builds all-day dates at local midnight of the machine: read them back with local getters. */
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export function parseWithNodeIcal(text: string): ParsedCalendar {
  const parsed = nodeIcal.sync.parseICS(text) as Record<string, any>;
  const events: ParsedEvent[] = [];
  let calendar: Record<string, any> = {};
  for (const item of Object.values(parsed)) {
    if (item.type === 'VCALENDAR') calendar = item;
    if (item.type !== 'VEVENT') continue;
    const alarm = (item.alarms ?? [])[0];
    const description = typeof item.description === 'string' ? item.description : (item.description?.val ?? '');
    events.push({
      uid: item.uid,
      summary: typeof item.summary === 'string' ? item.summary : item.summary?.val,
      start: localDate(item.start),
      startIsDate: item.start.dateOnly === true && item.datetype === 'date',
      end: item.end ? localDate(item.end) : null,
      sequence: Number(item.sequence ?? 0),
      status: item.status ?? null,
      description,
      hasStamp: item.dtstamp instanceof Date,
      alarmSeconds: alarm ? ICAL.Duration.fromString(String(alarm.trigger)).toSeconds() : null,
    });
  }
  // node-ical keeps the first calendar property by name and drops the "X-" prefix.
  const refresh = parsed['refresh-interval'] as any;
  return {
    name: calendar.name ?? null,
    calName: calendar['WR-CALNAME'] ?? null,
    timezone: calendar['WR-TIMEZONE'] ?? null,
    refreshInterval: refresh?.val ?? null,
    publishedTtl: calendar['PUBLISHED-TTL'] ?? null,
    events: events.sort(byStartThenUid),
  };
}

/** Both parsers' readings; the test asserts they agree, then checks one. */
export function parseBoth(text: string): { icaljs: ParsedCalendar; nodeical: ParsedCalendar } {
  return { icaljs: parseWithIcalJs(text), nodeical: parseWithNodeIcal(text) };
}
