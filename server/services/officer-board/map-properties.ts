/**
 * The officer's map layer (GET /api/v1/map/properties): the council's properties inside a bounding
 * box as GeoJSON. Below zoom 17 properties are merged into grid clusters in one SQL GROUP BY (the cell
 * size halves with each zoom level), so an answer never carries every point of a 100,000-property
 * council; from zoom 17 each property is its own feature. `round` and `date` narrow to the round's
 * stops and colour each by its latest crew outcome that day. Served by properties_council_geo_idx.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { DomainError, notFound } from '../../errors.ts';
import { loadCouncilSchedule } from '../schedule.ts';
import { officerCouncil } from './rounds-progress.ts';

export const MAX_FEATURES = 4000;
export const CLUSTER_BELOW_ZOOM = 17;
/** Grid cells per 256-pixel tile width: about 64-pixel cells on screen. */
const CELLS_PER_TILE = 4;

export interface MapQuery {
  bbox: [number, number, number, number];
  zoom: number;
  round?: string;
  date?: LocalDate;
}

type Feature = {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: true; count: number; done?: number } | { uprn: string; address: string; status?: string };
};

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  /** True when the cap cut the answer short (zoom in for the rest). */
  truncated: boolean;
}

/** `minLon,minLat,maxLon,maxLat` → numbers, or a 400 `invalid_bbox`. */
export function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  const bad = () => new DomainError('invalid_bbox', 'bbox is minLon,minLat,maxLon,maxLat in degrees.', 400);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw bad();
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90 || minLon > maxLon || minLat > maxLat) throw bad();
  return [minLon, minLat, maxLon, maxLat];
}

const rowsOf = (result: unknown): any[] => ((result as { rows?: any[] }).rows ?? (result as any[]));

export async function mapProperties(ctx: ServiceContext, q: MapQuery): Promise<FeatureCollection> {
  const councilId = officerCouncil(ctx);
  if (!Number.isInteger(q.zoom) || q.zoom < 0 || q.zoom > 20) throw new DomainError('invalid_zoom', 'zoom is a whole number from 0 to 20.', 400);
  if (q.date !== undefined && !isLocalDate(q.date)) throw new DomainError('invalid_date', 'Dates are YYYY-MM-DD.', 400);
  let serviceId: string | undefined;
  if (q.round !== undefined) {
    const schedule = await loadCouncilSchedule(ctx, councilId);
    const round = schedule.rounds.get(q.round);
    if (!round) throw notFound(`No round ${q.round}`);
    serviceId = round.serviceId;
  }
  const [minLon, minLat, maxLon, maxLat] = q.bbox;
  const inBox = sql`p.council_id = ${councilId} and p.lat between ${minLat} and ${maxLat} and p.lon between ${minLon} and ${maxLon}`;
  // Narrow to the round's stops (assignments current on the date) when a round is asked for.
  const onRound = q.round !== undefined
    ? sql` and exists (select 1 from assignments a where a.council_id = p.council_id and a.uprn = p.uprn and a.round_id = ${q.round}
        and a."from" <= ${q.date ?? '9999-12-31'} and (a."to" is null or a."to" >= ${q.date ?? '0001-01-01'}))`
    : sql``;
  // The latest outcome that day (for the round's service when a round is given).
  const latest = q.date !== undefined
    ? sql`(select e.outcome from crew_events e where e.council_id = p.council_id and e.uprn = p.uprn and e.date = ${q.date}
        ${serviceId ? sql`and e.service_id = ${serviceId}` : sql``} order by e.recorded_at desc, e.id desc limit 1)`
    : sql`null`;

  if (q.zoom >= CLUSTER_BELOW_ZOOM) {
    const rows = rowsOf(await ctx.db.execute(sql`
      select p.uprn, p.address, p.lat, p.lon, ${latest} as outcome from properties p
      where ${inBox}${onRound} order by p.uprn limit ${MAX_FEATURES + 1}`));
    return {
      type: 'FeatureCollection',
      truncated: rows.length > MAX_FEATURES,
      features: rows.slice(0, MAX_FEATURES).map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
        properties: {
          uprn: String(r.uprn), address: r.address,
          ...(q.date !== undefined ? { status: r.outcome ?? 'pending' } : {}),
        },
      })),
    };
  }
  const cell = 360 / 2 ** q.zoom / CELLS_PER_TILE;
  const rows = rowsOf(await ctx.db.execute(sql`
    select count(*)::int as n, avg(p.lat) as lat, avg(p.lon) as lon
      ${q.date !== undefined ? sql`, count(${latest})::int as done` : sql``}
    from properties p where ${inBox}${onRound}
    group by floor(p.lon / ${cell}), floor(p.lat / ${cell})
    order by count(*) desc limit ${MAX_FEATURES + 1}`));
  return {
    type: 'FeatureCollection',
    truncated: rows.length > MAX_FEATURES,
    features: rows.slice(0, MAX_FEATURES).map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
      properties: { cluster: true, count: Number(r.n), ...(q.date !== undefined ? { done: Number(r.done) } : {}) },
    })),
  };
}
