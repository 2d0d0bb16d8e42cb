/**
 * A horizontal bar chart drawn on the server as inline SVG: no script, no stylesheet (the CSP forbids
 * inline styles, so colours are presentation attributes). Each bar's label sits on its own line above
 * the bar so long round names fit at 360 px. The picture is role="img" named by its <title> and
 * described by its <desc>; the page always puts the same numbers in a table beside it.
 */
export interface Bar {
  label: string;
  value: number;
  /** What is printed at the bar's end (e.g. "3.25" or "92%"); default the value. */
  text?: string;
}

const WIDTH = 400;
const ROW = 42;
const BAR = 16;
const VALUE_SPACE = 64;

export function BarChart(p: { id: string; title: string; desc: string; bars: Bar[]; colour?: string }) {
  const max = Math.max(0, ...p.bars.map((b) => b.value));
  const height = Math.max(ROW, p.bars.length * ROW) + 4;
  const scale = (v: number) => (max > 0 ? (v / max) * (WIDTH - VALUE_SPACE) : 0);
  return (
    <svg class="kb-chart" id={p.id} role="img" aria-labelledby={`${p.id}-title ${p.id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.desc}</desc>
      {p.bars.map((b, i) => {
        const y = i * ROW;
        const w = scale(b.value);
        return (
          <g>
            <text x="0" y={y + 14} font-size="14" fill="#0b0c0c" font-family="Arial, sans-serif">{b.label}</text>
            <rect x="0" y={y + 20} width={w > 0 && w < 2 ? 2 : w} height={BAR} fill={p.colour ?? '#1d70b8'} />
            <text x={w + 6} y={y + 33} font-size="14" fill="#0b0c0c" font-family="Arial, sans-serif" font-weight="bold">{b.text ?? String(b.value)}</text>
          </g>
        );
      })}
      {p.bars.length === 0 && <text x="0" y="24" font-size="14" fill="#0b0c0c" font-family="Arial, sans-serif">Nothing to show</text>}
    </svg>
  );
}
