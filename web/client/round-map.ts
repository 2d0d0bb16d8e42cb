/**
 * A round's map on /officer/rounds/{round}: asks GET /api/v1/rounds/{round}?date= for the stops and
 * draws each as a numbered marker (its position in the order) joined by a line in visiting order.
 * The ordered list on the page stays the way in for keyboard and screen-reader users, so markers are
 * kept out of the tab order; each says its number and address on hover.
 */
import L from 'leaflet';

type Stop = { uprn: string; address: string; lat: number; lon: number; assisted: boolean };

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export async function startRoundMap(el: HTMLElement) {
  const round = el.dataset.round;
  if (!round) return;
  const q = new URLSearchParams();
  if (el.dataset.date) q.set('date', el.dataset.date);
  const res = await fetch(`/api/v1/rounds/${encodeURIComponent(round)}?${q}`, { credentials: 'same-origin' });
  if (!res.ok) return;
  const stops = ((await res.json()) as { stops: Stop[] }).stops.filter((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon));
  if (!stops.length) return;
  el.replaceChildren();
  el.classList.add('kb-map--live', 'kb-map--tall');
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: true });
  L.tileLayer(el.dataset.tileUrl ?? '', { maxZoom: 19, attribution: escape(el.dataset.attribution ?? '') }).addTo(map);
  const points = stops.map((s) => [s.lat, s.lon] as [number, number]);
  L.polyline(points, { color: '#1d70b8', weight: 2, opacity: 0.7, interactive: false }).addTo(map);
  stops.forEach((s, i) => {
    const n = String(i + 1);
    const icon = L.divIcon({ className: `kb-stop-icon${s.assisted ? ' kb-stop-icon--assisted' : ''}`, html: escape(n), iconSize: [26, 26], iconAnchor: [13, 13] });
    L.marker([s.lat, s.lon], { icon, keyboard: false, title: `${n}. ${s.address}${s.assisted ? ' (assisted)' : ''}` }).addTo(map);
  });
  map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 17 });
  el.dataset.stops = String(stops.length);
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', el.dataset.label ?? 'Map');
}
