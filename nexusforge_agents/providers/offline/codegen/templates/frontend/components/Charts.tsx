// Charts drawn as plain SVG in the app's colours: a bar chart and a line chart.
export interface Point {
  label: string;
  value: number;
}

const WIDTH = 480;
const HEIGHT = 220;
const PAD = 32;

function niceMax(points: Point[]): number {
  return Math.max(1, ...points.map((p) => p.value));
}

export function BarChart({ points, title }: { points: Point[]; title: string }) {
  const max = niceMax(points);
  const slot = (WIDTH - PAD * 2) / Math.max(1, points.length);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="axis" />
        {points.map((point, i) => {
          const height = ((HEIGHT - PAD * 2) * point.value) / max;
          const x = PAD + i * slot + slot * 0.15;
          return (
            <g key={point.label}>
              <rect x={x} y={HEIGHT - PAD - height} width={slot * 0.7} height={height} className="bar" rx={3} />
              <text x={x + slot * 0.35} y={HEIGHT - PAD - height - 6} textAnchor="middle" className="chart-value">
                {point.value}
              </text>
              <text x={x + slot * 0.35} y={HEIGHT - PAD + 16} textAnchor="middle" className="chart-label">
                {point.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

export function LineChart({ points, title }: { points: Point[]; title: string }) {
  const max = niceMax(points);
  const step = (WIDTH - PAD * 2) / Math.max(1, points.length - 1);
  const coords = points.map((point, i) => ({
    x: points.length === 1 ? WIDTH / 2 : PAD + i * step,
    y: HEIGHT - PAD - ((HEIGHT - PAD * 2) * point.value) / max,
    point,
  }));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="axis" />
        {coords.length === 0 && (
          <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle" className="chart-label">
            No data yet
          </text>
        )}
        <polyline points={coords.map((c) => `${c.x},${c.y}`).join(" ")} className="line" fill="none" />
        {coords.map((c) => (
          <g key={c.point.label}>
            <circle cx={c.x} cy={c.y} r={4} className="dot" />
            <text x={c.x} y={HEIGHT - PAD + 16} textAnchor="middle" className="chart-label">
              {c.point.label.slice(5)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
