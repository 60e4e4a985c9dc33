//! A small inline SVG step line of one merchant's MRR over time, with a text caption that says
//! which app it is and the figures it shows.
import type { MrrSeries } from '../utils/mrr-series';
import { formatMoney } from '../utils/money';

const WIDTH = 240;
const HEIGHT = 56;
const PAD = 3;

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

/** `appName`: the Partner app the series is of, said first so the caption names what it plots. */
type MrrChartProps = { series: MrrSeries; appName: string; now: Date };

export function MrrChart({ series, appName, now }: MrrChartProps) {
  const { points, currency } = series;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return <p className="sidebar-empty">{appName} · no MRR history yet.</p>;

  const start = first.at;
  const end = Math.max(now.getTime(), last.at + 1);
  const highest = Math.max(...points.map((point) => point.minor));
  const max = Math.max(highest, 1);
  const x = (at: number) => PAD + ((at - start) / (end - start)) * (WIDTH - 2 * PAD);
  const y = (minor: number) => HEIGHT - PAD - (minor / max) * (HEIGHT - 2 * PAD);

  let path = `M${x(first.at).toFixed(1)},${y(first.minor).toFixed(1)}`;
  for (const point of points.slice(1)) path += ` H${x(point.at).toFixed(1)} V${y(point.minor).toFixed(1)}`;
  path += ` H${x(end).toFixed(1)}`;

  const money = (minor: number) => formatMoney({ amount_minor: minor, currency });
  const caption = `${appName} · MRR now ${money(last.minor)}, highest ${money(highest)} since ${day.format(new Date(start))}`;

  return (
    <figure className="mrr-chart" data-testid="mrr-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`MRR history of ${appName}`} className="mrr-chart__svg">
        <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} className="mrr-chart__axis" />
        <path d={path} className="mrr-chart__line" />
      </svg>
      <figcaption className="sidebar-caption">{caption}</figcaption>
    </figure>
  );
}
