'use client';

import { useState } from 'react';
import { readCheckStream, refusalMessage } from './read-stream';
import { applyEvent, type CheckProgress } from './results';

/** Posts to /api/check and folds each streamed event into the progress as it arrives. */
export function useCheckStream() {
  const [progress, setProgress] = useState<CheckProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (body: unknown) => {
    setRunning(true);
    setProblem(null);
    setProgress({ plan: [], steps: {} });
    try {
      const response = await fetch('/api/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok || !response.body) {
        setProblem(await refusalMessage(response, 'check'));
        setProgress(null);
        return;
      }
      for await (const event of readCheckStream(response.body)) setProgress((p) => applyEvent(p ?? { plan: [], steps: {} }, event));
    } catch {
      setProblem('The connection to Link Doctor was lost before the check finished. Please try again.');
    } finally {
      setRunning(false);
    }
  };

  return { progress, running, problem, run };
}
