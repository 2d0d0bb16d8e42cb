/**
 * The Today board's map: asks GET /api/v1/map/properties for the visible box on every move (the
 * server clusters below zoom 17, so the browser never holds every property) and draws clusters and
 * properties coloured by today's progress. The legend on the page says what each colour means and
 * each marker's tooltip says it in words, so colour is never the only signal.
 */
import L from 'leaflet';

const COLOURS = { done: '#00703c', part: '#1d70b8', none: '#505a5f' };

type Feature = { geometry: { coordinates: [number, number] }; properties: { cluster?: true; count?: number; done?: number; uprn?: string; address?: string; status?: string } };

export function startBoardMap(el: HTMLElement) {
  const lat = Number(el.dataset.lat);
  const lon = Number(el.dataset.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;
  el.replaceChildren();
  el.classList.add('kb-map--live');
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: true }).setView([lat, lon], 13);
  const tiles = el.dataset.tileUrl ?? '';
  L.tileLayer(tiles, { maxZoom: 19, attribution: (el.dataset.attribution ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`) }).addTo(map);
  const layer = L.layerGroup().addTo(map);
  let asked = 0;
  const load = async () => {
    const ticket = ++asked;
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => Math.max(-180, Math.min(180, n)).toFixed(5)).join(',');
    const q = new URLSearchParams({ bbox, zoom: String(Math.round(map.getZoom())) });
    if (el.dataset.date) q.set('date', el.dataset.date);
    const res = await fetch(`/api/v1/map/properties?${q}`, { credentials: 'same-origin' });
    if (!res.ok || ticket !== asked) return;
    const body = (await res.json()) as { features: Feature[] };
    layer.clearLayers();
    for (const f of body.features) {
      const [x, y] = f.geometry.coordinates;
      const p = f.properties;
      const count = p.count ?? 1;
      const done = p.cluster ? (p.done ?? 0) : p.status && p.status !== 'pending' ? 1 : 0;
      const colour = done === 0 ? COLOURS.none : done >= count ? COLOURS.done : COLOURS.part;
      const label = p.cluster ? `${count} properties, ${done} with an outcome today` : `${p.address}: ${p.status ?? 'no outcome yet'}`;
      const marker = L.circleMarker([y, x], { radius: p.cluster ? Math.min(24, 6 + Math.log2(count) * 2) : 6, color: '#0b0c0c', weight: 1, fillColor: colour, fillOpacity: 0.85 });
      marker.bindTooltip(label);
      marker.addTo(layer);
    }
    el.dataset.features = String(body.features.length);
  };
  map.on('moveend', () => void load());
  void load();
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', el.dataset.label ?? 'Map');
}
