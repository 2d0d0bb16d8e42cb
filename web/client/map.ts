/**
 * Maps (the property's, and the officer's map of reports): Leaflet, loaded only on pages that show a map. Reads everything from the map
 * element's data attributes (position, label, tile URL and attribution), so the page needs no inline
 * script and the CSP can stay strict.
 */
import L from 'leaflet';
import { startBoardMap } from './board-map.ts';
import { startRoundMap } from './round-map.ts';

/** Leaflet's marker images at their content-hashed URLs (set when the server bundles this file). */
declare const __LEAFLET_IMAGES__: Record<string, string>;
const image = (file: string) => __LEAFLET_IMAGES__[file] ?? `/static/leaflet/images/${file}`;

const markerIcon = () =>
  L.icon({
    iconUrl: image('marker-icon.png'),
    iconRetinaUrl: image('marker-icon-2x.png'),
    shadowUrl: image('marker-shadow.png'),
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    shadowSize: [41, 41],
  });

/** Attribution is shown as text (Leaflet would treat it as HTML). */
const escapedAttribution = (el: HTMLElement) => (el.dataset.attribution ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

interface MapMarker {
  lat: number;
  lon: number;
  label: string;
  href: string;
}

/**
 * A map of many places (the officer's open reports): `data-markers` holds a JSON list of
 * `{ lat, lon, label, href }`; each marker links to its page. The table beside it stays the way in
 * for keyboard and screen-reader users.
 */
function startMarkersMap(el: HTMLElement) {
  let markers: MapMarker[] = [];
  try {
    markers = (JSON.parse(el.dataset.markers ?? '[]') as MapMarker[]).filter((m) => Number.isFinite(m.lat) && Number.isFinite(m.lon));
  } catch {
    return;
  }
  if (!markers.length) return;
  el.replaceChildren();
  el.classList.add('kb-map--live');
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
  L.tileLayer(el.dataset.tileUrl ?? '', { maxZoom: 19, attribution: escapedAttribution(el) }).addTo(map);
  const icon = markerIcon();
  for (const m of markers) {
    const marker = L.marker([m.lat, m.lon], { icon, alt: m.label, title: m.label, keyboard: false }).addTo(map);
    marker.on('click', () => window.location.assign(m.href));
  }
  map.fitBounds(L.latLngBounds(markers.map((m) => [m.lat, m.lon] as [number, number])), { padding: [24, 24], maxZoom: 17 });
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', el.dataset.label ?? 'Map');
}

function start() {
  const board = document.getElementById('board-map');
  if (board) startBoardMap(board);
  const round = document.getElementById('round-map');
  if (round) void startRoundMap(round);
  const many = document.getElementById('markers-map');
  if (many) startMarkersMap(many);
  const el = document.getElementById('property-map');
  if (!el) return;
  const lat = Number(el.dataset.lat);
  const lon = Number(el.dataset.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;

  el.replaceChildren(); // drop the no-JavaScript fallback text
  el.classList.add('kb-map--live');
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: true }).setView([lat, lon], 17);
  L.tileLayer(el.dataset.tileUrl ?? '', { maxZoom: 19, attribution: escapedAttribution(el) }).addTo(map);
  L.marker([lat, lon], { icon: markerIcon(), alt: el.dataset.label ?? 'The property', keyboard: false }).addTo(map);
  // The map is a picture of where the property is; the address is in the heading. Keep keyboard users
  // out of the tile pane, but let them reach the zoom buttons.
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', `Map showing ${el.dataset.label ?? 'the property'}`);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
