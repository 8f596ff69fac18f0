'use client';

import { useState } from 'react';
import { readCheckStream } from './read-stream';
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
        const answer = (await response.json().catch(() => null)) as { error?: { message?: string; issues?: { message: string }[] } } | null;
        const issues = (answer?.error?.issues ?? []).map((i) => i.message);
        setProblem([answer?.error?.message ?? `The check could not start (HTTP ${response.status}).`, ...issues].join(' '));
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
