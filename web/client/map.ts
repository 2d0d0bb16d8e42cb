/**
 * The property map: Leaflet, loaded only on pages that show a map. Reads everything from the map
 * element's data attributes (position, label, tile URL and attribution), so the page needs no inline
 * script and the CSP can stay strict.
 */
import L from 'leaflet';

function start() {
  const el = document.getElementById('property-map');
  if (!el) return;
  const lat = Number(el.dataset.lat);
  const lon = Number(el.dataset.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return;

  el.replaceChildren(); // drop the no-JavaScript fallback text
  el.classList.add('kb-map--live');
  const map = L.map(el, { scrollWheelZoom: false, attributionControl: true }).setView([lat, lon], 17);
  // Attribution is shown as text (Leaflet would treat it as HTML).
  const attribution = (el.dataset.attribution ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  L.tileLayer(el.dataset.tileUrl ?? '', { maxZoom: 19, attribution }).addTo(map);
  const icon = L.icon({
    iconUrl: '/static/leaflet/images/marker-icon.png',
    iconRetinaUrl: '/static/leaflet/images/marker-icon-2x.png',
    shadowUrl: '/static/leaflet/images/marker-shadow.png',
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    shadowSize: [41, 41],
  });
  L.marker([lat, lon], { icon, alt: el.dataset.label ?? 'The property', keyboard: false }).addTo(map);
  // The map is a picture of where the property is; the address is in the heading. Keep keyboard users
  // out of the tile pane, but let them reach the zoom buttons.
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', `Map showing ${el.dataset.label ?? 'the property'}`);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
