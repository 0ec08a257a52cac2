/** A tiny health line (0..100) for table rows: plain SVG, labelled with its first and last value. */
export function Sparkline({ points, label }: { points: (number | null)[]; label: string }) {
  const values = points.filter((p): p is number => p !== null);
  if (values.length < 2) return <span className="text-xs text-slate-500">no history</span>;
  const w = 80;
  const h = 22;
  const step = w / (points.length - 1);
  let d = '';
  points.forEach((p, i) => {
    if (p === null) return;
    const x = (i * step).toFixed(1);
    const y = (h - (p / 100) * h).toFixed(1);
    d += d === '' || points[i - 1] === null ? `M${x},${y}` : `L${x},${y}`;
  });
  const first = values[0];
  const last = values[values.length - 1];
  return (
    <svg
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`${label}: ${Math.round(first)} to ${Math.round(last)}`}
    >
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.5" className="text-blue-700" />
    </svg>
  );
}
