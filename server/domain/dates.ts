/**
 * Council-local calendar dates as `YYYY-MM-DD` strings, and day numbers (days since 1970-01-01)
 * for arithmetic. No `Date` in local time anywhere: all-day dates never shift with BST.
 */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days from the civil date (proleptic Gregorian), without allocating a Date. */
export function dayNumber(d: LocalDate): number {
  const y0 = +d.slice(0, 4);
  const m = +d.slice(5, 7);
  const day = +d.slice(8, 10);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : '' + n);

/**
 * Formatted dates for 1900–2199, filled lazily: the schedule engine formats the same few
 * thousand days over and over, and a cached string costs no allocation.
 */
const CACHE_FIRST = -25567; // 1900-01-01
const CACHE_SIZE = 109573; // to 2199-12-31
const formatted: Array<LocalDate | undefined> = new Array(CACHE_SIZE);

/** The civil date of a day number. */
export function fromDayNumber(n: number): LocalDate {
  const i = n - CACHE_FIRST;
  if (i >= 0 && i < CACHE_SIZE) return (formatted[i] ??= formatDayNumber(n));
  return formatDayNumber(n);
}

function formatDayNumber(n: number): LocalDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return fromDayNumber(dayNumber(s)) === s;
}

export const addDays = (d: LocalDate, n: number): LocalDate => fromDayNumber(dayNumber(d) + n);
export const daysBetween = (a: LocalDate, b: LocalDate): number => dayNumber(b) - dayNumber(a);

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. (1970-01-01 was a Thursday.) */
export const isoWeekdayOfDay = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;
export const isoWeekday = (d: LocalDate): number => isoWeekdayOfDay(dayNumber(d));

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** "Tuesday 1 September" (and the year when `withYear`). */
export function formatLongDate(d: LocalDate, withYear = false): string {
  const text = `${WEEKDAY_NAMES[isoWeekday(d) - 1]} ${+d.slice(8, 10)} ${MONTH_NAMES[+d.slice(5, 7) - 1]}`;
  return withYear ? `${text} ${d.slice(0, 4)}` : text;
}

/** dd/mm/yyyy, the shape UKBinCollectionData reads. */
export const formatDdMmYyyy = (d: LocalDate): string => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneParts(instant: Date, timeZone: string) {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** The calendar date at `instant` in `timeZone` ("today" for a council). */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const p = zoneParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Wall-clock `HH:MM` at `instant` in `timeZone`. */
export function localTimeAt(instant: Date, timeZone: string): string {
  const p = zoneParts(instant, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The instant at which the wall clock in `timeZone` shows `date` `time` (HH:MM or HH:MM:SS). */
export function instantAt(date: LocalDate, time: string, timeZone: string): Date {
  const [h, mi, s] = time.split(':').map(Number);
  const wallAsUtc = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), h, mi, s || 0);
  // Guess with the offset at the UTC reading, then correct once (enough away from the DST gap itself).
  let t = wallAsUtc;
  for (let i = 0; i < 2; i++) {
    const p = zoneParts(new Date(t), timeZone);
    const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    t += wallAsUtc - shown;
  }
  return new Date(t);
}
