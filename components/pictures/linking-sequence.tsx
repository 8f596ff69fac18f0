// The account linking as a sequence picture: Alexa app → your login page → (redirect with the code) Alexa → your token
// URI (and the refresh), each hop marked with its outcome — a tick, a warning sign, a cross for the hop that fails, a
// dash for one not reached or not checked — and said in words beside it. Plain SVG from React, no hooks: it renders on
// the server and needs no JavaScript. The same words are listed for screen readers.

import { firstFailingHop, HOPS, hopLine, layoutSequence, PARTICIPANTS, PICTURE_WIDTHS, FONT_SIZE, sequenceSummary, type Hop, type HopStatus } from './layout';
import { TextLines } from './text-lines';
import './pictures.css';

function Mark({ status, x, y }: { status: HopStatus; x: number; y: number }) {
  const r = 9;
  return (
    <g className={`seq-mark seq-mark-${status}`} transform={`translate(${x} ${y})`}>
      <circle r={r} />
      {status === 'pass' && <path d="M -4.5 0.5 L -1.5 3.5 L 4.5 -3.5" />}
      {status === 'fail' && <path d="M -4 -4 L 4 4 M 4 -4 L -4 4" />}
      {status === 'warn' && <path d="M 0 -5 L 0 1.5 M 0 4 L 0 4.6" />}
      {(status === 'skip' || status === 'unknown') && <path d="M -4.5 0 L 4.5 0" />}
    </g>
  );
}

export function LinkingSequence({
  statuses,
  title = 'The linking, hop by hop',
  id,
}: {
  statuses: Partial<Record<Hop, HopStatus>>;
  title?: string;
  /** Distinguishes several pictures on one page (one per region). */
  id?: string;
}) {
  const summary = sequenceSummary(statuses);
  return (
    <figure className="pic pic-sequence" data-picture="sequence" {...(id ? { 'data-sequence': id } : {})}>
      <figcaption className="pic-title">{title}</figcaption>
      {PICTURE_WIDTHS.map((width) => {
        const l = layoutSequence(statuses, width);
        return (
          <svg key={width} className={`pic-svg pic-w${width}`} viewBox={`0 0 ${l.width} ${Math.ceil(l.height)}`} width={l.width} height={Math.ceil(l.height)} role="img" aria-label={summary} fontSize={FONT_SIZE}>
            {l.participants.map((p, i) => (
              <g key={PARTICIPANTS[i]}>
                <rect className="seq-actor" x={p.boxX} y={6} width={p.boxWidth} height={l.headerHeight} rx={6} />
                <TextLines className="pic-text seq-actor-name" x={p.x} y={6 + 5 + FONT_SIZE} lines={p.lines} anchor="middle" />
                <line className="seq-lifeline" x1={p.x} x2={p.x} y1={l.lifeline.top} y2={l.lifeline.bottom} />
              </g>
            ))}
            {l.hops.map((h) => {
              const dir = h.arrow.x2 > h.arrow.x1 ? 1 : -1;
              const tip = h.arrow.x2 - dir * 2;
              return (
                <g key={h.hop} className={`seq-hop seq-${h.status}${h.first ? ' seq-first' : ''}`} data-hop={h.hop} data-status={h.status}>
                  <TextLines className={h.status === 'fail' ? 'pic-bad' : 'pic-text'} x={6} y={h.labelY} lines={h.label} />
                  <line className="seq-arrow" x1={h.arrow.x1} x2={tip - dir * 8} y1={h.arrow.y} y2={h.arrow.y} />
                  <path className="seq-head" d={`M ${tip} ${h.arrow.y} L ${tip - dir * 10} ${h.arrow.y - 6} L ${tip - dir * 10} ${h.arrow.y + 6} Z`} />
                  <Mark status={h.status} x={h.mark.x} y={h.mark.y} />
                </g>
              );
            })}
          </svg>
        );
      })}
      <ol className="pic-sr-only">
        {HOPS.map((hop) => (
          <li key={hop}>{hopLine(hop, statuses[hop] ?? 'unknown', hop === firstFailingHop(statuses)).replace(/^\d+\. /, '')}</li>
        ))}
      </ol>
    </figure>
  );
}
