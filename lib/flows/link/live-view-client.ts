'use client';

// The live view panel's connection to the server: the frames (POST /api/link/live/view, NDJSON), the countdown, and the
// person's input (POST /api/link/live/input) sent in order, one request at a time, queued events merged into the next.
// The session id goes in request bodies only. Nothing typed is kept after it is sent.

import { useCallback, useEffect, useRef, useState } from 'react';
import { readNdjson } from '@/lib/config-check/read-stream';
import { type LinkLive } from './input';
import { MAX_LIVE_EVENTS, MAX_LIVE_TEXT, type LiveInputEvent, type LiveViewLine } from './live-protocol';

export type LiveViewState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'ended'; outcome: 'done' | 'timeout' | 'cancelled' | 'replaced' | 'gone' };

/** How often a dropped frame stream is opened again before the panel says the view is lost. */
const RECONNECTS = 3;

const post = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });

/** Queued events as few as possible: consecutive text joined (within a text event's limit), at most a request's worth. */
function takeBatch(queue: LiveInputEvent[]): LiveInputEvent[] {
  const batch: LiveInputEvent[] = [];
  while (queue.length > 0 && batch.length < MAX_LIVE_EVENTS) {
    const next = queue[0]!;
    const last = batch.at(-1);
    if (next.kind === 'text' && last?.kind === 'text' && last.text.length + next.text.length <= MAX_LIVE_TEXT) {
      batch[batch.length - 1] = { kind: 'text', text: last.text + next.text };
    } else {
      batch.push(next);
    }
    queue.shift();
  }
  return batch;
}

export function useLiveView(live: LinkLive) {
  const [frame, setFrame] = useState<{ src: string; width: number; height: number } | null>(null);
  const [state, setState] = useState<LiveViewState>({ kind: 'connecting' });
  const [problem, setProblem] = useState<string | null>(null);
  // The countdown runs on this page's clock from the server's "ms left", never from comparing the two clocks.
  const [deadline, setDeadline] = useState(() => performance.now() + Math.max(0, Date.parse(live.expiresAt) - Date.now()));
  const [now, setNow] = useState(() => performance.now());
  const queue = useRef<LiveInputEvent[]>([]);
  const sending = useRef(false);
  const ended = state.kind === 'ended';

  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      for (let attempt = 0; attempt <= RECONNECTS && !abort.signal.aborted; attempt++) {
        try {
          const response = await post('/api/link/live/view', { session: live.session }, abort.signal);
          if (response.status === 404) return setState({ kind: 'ended', outcome: 'gone' });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          for await (const line of readNdjson<LiveViewLine>(response.body)) {
            if (line.type === 'end') return setState({ kind: 'ended', outcome: line.outcome });
            setDeadline(performance.now() + line.msLeft);
            if (line.type === 'frame') {
              setFrame({ src: `data:image/jpeg;base64,${line.jpeg}`, width: line.width, height: line.height });
              setState({ kind: 'live' });
              setProblem(null);
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        setProblem('The connection to the live view dropped; reconnecting…');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      if (!abort.signal.aborted) setState({ kind: 'ended', outcome: 'gone' });
    })();
    return () => abort.abort();
  }, [live.session]);

  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [ended]);

  const flush = useCallback(async () => {
    if (sending.current) return;
    sending.current = true;
    try {
      while (queue.current.length > 0) {
        const events = takeBatch(queue.current);
        const response = await post('/api/link/live/input', { session: live.session, events }).catch(() => null);
        if (response?.status === 429) setProblem('That was faster than the live view takes; some input was not sent.');
        else if (response && !response.ok) setProblem('The live view did not take that input.');
      }
    } finally {
      sending.current = false;
    }
  }, [live.session]);

  const send = useCallback(
    (event: LiveInputEvent) => {
      if (ended) return;
      queue.current.push(event);
      void flush();
    },
    [ended, flush],
  );

  const cancel = useCallback(async () => {
    queue.current = [];
    const response = await post('/api/link/live/cancel', { session: live.session }).catch(() => null);
    if (response?.ok || response?.status === 404) setState({ kind: 'ended', outcome: 'cancelled' });
    else setProblem('Cancelling did not reach Link Doctor; try again.');
  }, [live.session]);

  return { frame, state, problem, secondsLeft: Math.max(0, Math.ceil((deadline - now) / 1000)), send, cancel };
}
