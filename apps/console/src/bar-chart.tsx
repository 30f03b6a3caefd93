/** A horizontal bar per partner, signed around a zero line: what would move differently, in money. */
export interface Bar {
  label: string;
  /** The exact decimal string, shown as the label. */
  amount: string;
  href?: string;
  title?: string;
}

export function MoneyBarChart({
  bars,
  currency,
  onSelect,
}: {
  bars: Bar[];
  currency: string;
  onSelect?: (bar: Bar) => void;
}) {
  const rowHeight = 28;
  const labelWidth = 150;
  const valueWidth = 110;
  const plotWidth = 420;
  const width = labelWidth + plotWidth + valueWidth;
  const height = bars.length * rowHeight + 24;
  // Geometry only: the numbers shown are the exact decimal strings.
  const values = bars.map((b) => Number(b.amount));
  const max = Math.max(...values.map((v) => Math.abs(v)), 0) || 1;
  const hasNegative = values.some((v) => v < 0);
  const hasPositive = values.some((v) => v > 0);
  const zeroX = labelWidth + (hasNegative && hasPositive ? plotWidth / 2 : hasNegative ? plotWidth : 0);
  const scale = (hasNegative && hasPositive ? plotWidth / 2 : plotWidth) / max;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={`Money that would move differently per partner (${currency})`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      data-testid="money-chart"
    >
      <line x1={zeroX} x2={zeroX} y1={0} y2={height - 18} className="axis" />
      {bars.map((bar, i) => {
        const value = values[i];
        const w = Math.max(Math.abs(value) * scale, 1);
        const x = value >= 0 ? zeroX : zeroX - w;
        const y = i * rowHeight + 4;
        return (
          <g
            key={bar.label}
            className={value >= 0 ? 'bar-pos' : 'bar-neg'}
            data-partner={bar.label}
            onClick={() => onSelect?.(bar)}
            style={{ cursor: onSelect ? 'pointer' : 'default' }}
          >
            <title>{bar.title ?? `${bar.label}: ${bar.amount} ${currency}`}</title>
            <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
              {bar.label}
            </text>
            <rect x={x} y={y} width={w} height={rowHeight - 8} rx={3} />
            <text x={labelWidth + plotWidth + 6} y={y + 15} className="chart-value">
              {value > 0 ? '+' : ''}
              {bar.amount}
            </text>
          </g>
        );
      })}
      <text x={labelWidth} y={height - 4} className="chart-axis-label">
        {currency}: + the partner would receive more, − less
      </text>
    </svg>
  );
}
