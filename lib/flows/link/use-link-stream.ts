'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { readNdjson, refusalMessage } from '@/lib/config-check/read-stream';
import { type LinkEvent, type LinkInput, type LinkLive, type LinkResult, type LinkStep } from './input';

/** The rehearsal as far as it has come: each step as it ended, a live view while one is open, then the result. */
export interface LinkProgress {
  steps: LinkStep[];
  live: LinkLive | null;
  result: LinkResult | null;
}

export const NO_PROGRESS: LinkProgress = { steps: [], live: null, result: null };

export function applyLinkEvent(progress: LinkProgress, event: LinkEvent): LinkProgress {
  switch (event.type) {
    case 'step':
      // A step ending means the live view (if any) handed back.
      return { ...progress, steps: [...progress.steps, event], live: null };
    case 'live':
      return { ...progress, live: event };
    case 'result':
      return { steps: event.steps, live: null, result: event };
  }
}

/**
 * Runs the rehearsal through POST /api/link and shows each step as it ends, reading the NDJSON answer line by line.
 * The input (client secret and password among it) lives only in this request's body: never in the URL or storage.
 */
export function useLinkStream() {
  const [progress, setProgress] = useState<LinkProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  // Leaving the page ends the run: the server stops the browser when the request goes away.
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(async (input: LinkInput) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setProblem(null);
    setProgress(NO_PROGRESS);
    try {
      const response = await fetch('/api/link', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        setProblem(await refusalMessage(response, 'rehearsal'));
        setProgress(null);
        return;
      }
      let finished = false;
      for await (const event of readNdjson<LinkEvent>(response.body)) {
        finished ||= event.type === 'result';
        setProgress((p) => applyLinkEvent(p ?? NO_PROGRESS, event));
      }
      if (!finished) setProblem('The rehearsal ended before its result came. Please try again.');
    } catch {
      if (!abort.signal.aborted) setProblem('The connection to Link Doctor was lost before the rehearsal finished. Please try again.');
    } finally {
      if (controller.current === abort) {
        controller.current = null;
        setRunning(false);
      }
    }
  }, []);

  const stop = useCallback(() => controller.current?.abort(), []);

  return { progress, running, problem, run, stop };
}
