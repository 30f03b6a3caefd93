/** Money per partner over time: one group of signed bars per day, one colour per partner. */
export interface DayAmount {
  day: string;
  partnerId: string;
  amount: string;
}

const COLOURS = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2'];

export function MoneyTimeChart({
  points,
  currency,
  label,
}: {
  points: DayAmount[];
  currency: string;
  label: (partnerId: string) => string;
}) {
  const days = [...new Set(points.map((p) => p.day))].sort();
  const partners = [...new Set(points.map((p) => p.partnerId))].sort();
  const groupWidth = Math.max(partners.length * 22 + 16, 60);
  const plotHeight = 200;
  const left = 70;
  const width = Math.max(left + days.length * groupWidth + 20, 460);
  const legendHeight = partners.length * 18 + 8;
  const height = plotHeight + 56 + legendHeight;
  // Geometry only: labels show the exact decimal strings.
  const max = Math.max(...points.map((p) => Math.abs(Number(p.amount))), 0) || 1;
  const zeroY = 10 + plotHeight / 2;
  const scale = plotHeight / 2 / max;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={`Money difference per partner per day (${currency})`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      style={{ maxWidth: '100%', height: 'auto' }}
      preserveAspectRatio="xMinYMin meet"
      data-testid="money-time-chart"
    >
      <line x1={left} x2={width - 10} y1={zeroY} y2={zeroY} className="axis" />
      <text x={left - 6} y={zeroY + 4} textAnchor="end" className="chart-label">
        0
      </text>
      {days.map((day, d) => (
        <g key={day}>
          {partners.map((partner, i) => {
            const point = points.find((p) => p.day === day && p.partnerId === partner);
            if (!point) return null;
            const value = Number(point.amount);
            const h = Math.max(Math.abs(value) * scale, 1);
            const x = left + d * groupWidth + 8 + i * 22;
            const y = value >= 0 ? zeroY - h : zeroY;
            return (
              <g key={partner} data-day={day} data-partner={partner}>
                <title>{`${day} ${label(partner)}: ${point.amount} ${currency}`}</title>
                <rect x={x} y={y} width={18} height={h} fill={COLOURS[i % COLOURS.length]} rx={2} />
                <text x={x + 9} y={value >= 0 ? y - 3 : y + h + 11} textAnchor="middle" className="chart-value small">
                  {point.amount}
                </text>
              </g>
            );
          })}
          <text
            x={left + d * groupWidth + groupWidth / 2}
            y={plotHeight + 42}
            textAnchor="middle"
            className="chart-label"
          >
            {day}
          </text>
        </g>
      ))}
      {partners.map((partner, i) => (
        <g key={partner} transform={`translate(${left}, ${plotHeight + 54 + i * 18})`}>
          <rect width={12} height={12} fill={COLOURS[i % COLOURS.length]} />
          <text x={18} y={10} className="chart-label">
            {label(partner)}
          </text>
        </g>
      ))}
    </svg>
  );
}
