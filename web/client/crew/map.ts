/**
 * The round on a Leaflet map: one circle per stop, the next stop larger and blue, done stops green,
 * the rest grey. Tapping a circle selects the stop. Tiles need signal; with none, the circles still
 * show the round's shape.
 */
import L from 'leaflet';

export interface MapStop {
  uprn: string;
  sequence: number;
  address: string;
  lat: number;
  lon: number;
  done: boolean;
}

const STYLE = {
  next: { radius: 11, color: '#0b0c0c', weight: 3, fillColor: '#1d70b8', fillOpacity: 1 },
  done: { radius: 7, color: '#0b0c0c', weight: 1, fillColor: '#00703c', fillOpacity: 0.9 },
  todo: { radius: 7, color: '#0b0c0c', weight: 1, fillColor: '#b1b4b6', fillOpacity: 0.9 },
};

export class StopMap {
  private map: L.Map;
  private layer = L.layerGroup();
  private fittedFor = '';
  /** The markers of the round shown, by stop, with the style each has: a tap restyles only what changed. */
  private markers = new Map<string, { marker: L.CircleMarker; style: keyof typeof STYLE }>();
  private drawnFor = '';

  constructor(el: HTMLElement, tileUrl: string, attribution: string, private onSelect: (uprn: string) => void) {
    // One canvas for hundreds of stops is far cheaper to draw than an SVG element each.
    this.map = L.map(el, { zoomControl: true, attributionControl: true, preferCanvas: true });
    L.tileLayer(tileUrl, { attribution, maxZoom: 19 }).addTo(this.map);
    this.layer.addTo(this.map);
    this.map.setView([52.9, -1.47], 13);
  }

  /** Redraws the stops; fits the view once per round. */
  show(key: string, stops: MapStop[], current: string | undefined): void {
    if (this.drawnFor !== key) {
      this.map.invalidateSize();
      this.layer.clearLayers();
      this.markers.clear();
      this.drawnFor = key;
    }
    for (const stop of stops) {
      const style: keyof typeof STYLE = stop.uprn === current ? 'next' : stop.done ? 'done' : 'todo';
      const known = this.markers.get(stop.uprn);
      if (known) {
        if (known.style !== style) {
          known.marker.setStyle(STYLE[style]).setRadius(STYLE[style].radius);
          known.style = style;
        }
        continue;
      }
      const marker = L.circleMarker([stop.lat, stop.lon], STYLE[style])
        .bindTooltip(`${stop.sequence}. ${stop.address}`)
        .on('click', () => this.onSelect(stop.uprn))
        .addTo(this.layer);
      this.markers.set(stop.uprn, { marker, style });
    }
    if (this.fittedFor !== key && stops.length) {
      this.fittedFor = key;
      this.map.fitBounds(L.latLngBounds(stops.map((s) => [s.lat, s.lon] as [number, number])).pad(0.15), { maxZoom: 17 });
    }
    const here = stops.find((s) => s.uprn === current);
    if (here && this.fittedFor === key) this.map.panTo([here.lat, here.lon], { animate: false });
  }
}
