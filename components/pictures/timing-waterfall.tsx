// A timing waterfall: each request a bar split into its phases (DNS, connect, TLS, first byte, the rest), against
// Alexa's 4.5 s line, with the same figures as a table. Plain SVG from React, no hooks: it renders on the server and
// needs no JavaScript. Colours and sizes come from classes (pictures.css), so the page's style policy and dark mode
// apply; a failed or slow request also says so in words and carries a cross, never colour alone.

import { ALEXA_TOKEN_DEADLINE_MS } from '@/lib/alexa';
import { FONT_SIZE, layoutWaterfall, PHASE_LABELS, PHASES, PICTURE_WIDTHS, waterfallSummary, waterfallText, type TimingRow } from './layout';
import { TextLines } from './text-lines';
import './pictures.css';

export function TimingWaterfall({
  rows,
  title,
  deadlineMs = ALEXA_TOKEN_DEADLINE_MS,
}: {
  rows: readonly TimingRow[];
  /** What the picture shows, e.g. "How long each request took". */
  title: string;
  deadlineMs?: number;
}) {
  if (rows.length === 0) return null;
  const summary = waterfallSummary(rows, deadlineMs);
  const text = waterfallText(rows, deadlineMs);
  return (
    <figure className="pic pic-waterfall" data-picture="waterfall">
      <figcaption className="pic-title">{title}</figcaption>
      {PICTURE_WIDTHS.map((width) => {
        const l = layoutWaterfall(rows, width, deadlineMs);
        return (
          <svg key={width} className={`pic-svg pic-w${width}`} viewBox={`0 0 ${l.width} ${Math.ceil(l.height)}`} width={l.width} height={Math.ceil(l.height)} role="img" aria-label={summary} fontSize={FONT_SIZE}>
            {l.ticks.map((t) => (
              <g key={t.label}>
                <line className="wf-grid" x1={t.x} x2={t.x} y1={l.plot.top} y2={l.plot.bottom} />
                <text className="pic-muted" x={t.x} y={l.axisY} textAnchor={t.x < 12 ? 'start' : 'middle'}>
                  {t.label}
                </text>
              </g>
            ))}
            {l.rows.map((row, i) => (
              <g key={i} className={`wf-row wf-${row.verdict}`} data-verdict={row.verdict}>
                <TextLines className="pic-text" x={6} y={row.labelY} lines={row.label} />
                <rect className="wf-track" x={l.plot.x0} y={row.bar.y} width={l.plot.x1 - l.plot.x0} height={row.bar.height} />
                {row.segments.map((s) => (
                  <rect key={s.phase} className={`wf-seg wf-${s.phase}`} x={s.x} y={row.bar.y} width={Math.max(s.width, 0.75)} height={row.bar.height} />
                ))}
                {row.verdict !== 'within' && <rect className="wf-bad-outline" x={row.bar.x - 1} y={row.bar.y - 1} width={row.bar.width + 2} height={row.bar.height + 2} />}
                <text className={row.verdict === 'within' ? 'pic-text' : 'pic-bad'} x={row.total.x} y={row.total.y}>
                  {row.verdict === 'within' ? row.total.text : `✗ ${row.total.text}`}
                </text>
                {row.note.length > 0 && (
                  <TextLines className="pic-bad" x={6} y={row.noteY} lines={row.note} />
                )}
              </g>
            ))}
            <line className="wf-deadline" x1={l.deadline.x} x2={l.deadline.x} y1={l.deadline.labelY + 4} y2={l.plot.bottom} />
            <text className="pic-deadline" x={l.deadline.labelX} y={l.deadline.labelY} textAnchor={l.deadline.anchor}>
              {l.deadline.label}
            </text>
          </svg>
        );
      })}
      <ul className="pic-legend" aria-hidden="true">
        {PHASES.map((p) => (
          <li key={p}>
            <span className={`pic-swatch wf-${p}`} /> {PHASE_LABELS[p]}
          </li>
        ))}
        <li>
          <span className="pic-swatch pic-swatch-deadline" /> Alexa’s {deadlineMs / 1000} s limit
        </li>
      </ul>
      <table className="pic-figures">
        <caption>The figures</caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            {PHASES.map((p) => (
              <th key={p} scope="col">
                {PHASE_LABELS[p]}
              </th>
            ))}
            <th scope="col">Total</th>
            <th scope="col">Against Alexa’s {deadlineMs / 1000} s limit</th>
          </tr>
        </thead>
        <tbody>
          {text.map((row, i) => (
            <tr key={i}>
              <th scope="row">{row.label}</th>
              {PHASES.map((p) => (
                <td key={p} data-label={PHASE_LABELS[p]}>
                  {row.phases[p]}
                </td>
              ))}
              <td data-label="Total">{row.total}</td>
              <td data-label="Verdict">{row.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
