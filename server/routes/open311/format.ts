/**
 * Open311 answers as JSON or XML. The XML is built from the same plain values by a small
 * serializer: element names are ours (fixed), every text value is escaped, and characters XML 1.0
 * cannot carry are dropped, so a resident's note can never break a client's parser.
 */
import type { Context } from 'hono';

export type Format = 'json' | 'xml';

/** `requests.json` → ['requests', 'json']; undefined for anything else. */
export function splitFile(file: string): { name: string; format: Format } | undefined {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1], format: m[2] as Format } : undefined;
}

const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const xmlText = (s: string) =>
  s
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Singular element names for list members. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${xmlText(value.toISOString())}</${name}>`;
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlText(String(value))}</${name}>`;
}

export const toXml = (root: string, value: unknown) => `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;

/** W3C date-time in the council's zone with its offset, no fractions: 2026-09-02T10:00:00+01:00. */
export function w3cDateTime(instant: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(instant)) parts[p.type] = p.value;
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offsetMin = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${off}`;
}

/** Dates become W3C strings in `timeZone`; everything else passes through. */
export function withDates<T>(value: T, timeZone: string): unknown {
  if (value instanceof Date) return w3cDateTime(value, timeZone);
  if (Array.isArray(value)) return value.map((v) => withDates(v, timeZone));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withDates(v, timeZone)]));
  }
  return value;
}

/** Sends `value` as JSON, or as XML under `root`. */
export function respond(c: Context, format: Format, root: string, value: unknown, status: 200 | 201 = 200) {
  if (format === 'xml') return c.body(toXml(root, value), status, { 'Content-Type': 'text/xml; charset=utf-8' });
  return c.json(value as any, status);
}
