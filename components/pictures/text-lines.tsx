// Wrapped text in SVG: one <tspan> per line laid out by ./layout, each line but the last ending in a space, so the
// words still read as words when copied or read out.

import { LINE_HEIGHT } from './layout';

export function TextLines({ lines, x, y, className, anchor }: { lines: readonly string[]; x: number; y: number; className: string; anchor?: 'middle' }) {
  return (
    <text className={className} x={x} y={y} {...(anchor ? { textAnchor: anchor } : {})}>
      {lines.map((line, j) => (
        <tspan key={j} x={x} dy={j === 0 ? 0 : LINE_HEIGHT}>
          {j < lines.length - 1 && !anchor ? `${line} ` : line}
        </tspan>
      ))}
    </text>
  );
}
