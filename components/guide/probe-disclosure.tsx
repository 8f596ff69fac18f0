'use client';

import { useEffect, useRef, useState, type ComponentType } from 'react';
import { type ProbeId } from '@/lib/probes/catalog';

type LazyForm = ComponentType<{ probe: ProbeId }>;

// The forms and their schemas weigh more than the rest of a node page's JavaScript together, and most readers of a
// step never run its check: the code is fetched when the reader opens the disclosure (or points at it), not before.
let loading: Promise<LazyForm> | null = null;
function loadForms(): Promise<LazyForm> {
  loading ??= import('@/components/probe/probe-forms').then((m) => m.ProbeFormOf);
  return loading;
}

/**
 * The probe form of a step, behind a native disclosure. Without JavaScript the disclosure still opens and points to
 * the probe's own page, which works without JavaScript.
 */
export function ProbeDisclosure({ probe }: { probe: ProbeId }) {
  const details = useRef<HTMLDetailsElement>(null);
  const [Form, setForm] = useState<LazyForm | null>(null);

  const show = () => void loadForms().then((form) => setForm(() => form));

  // Opened before React had hydrated it: that toggle event went unheard.
  useEffect(() => {
    if (details.current?.open) void loadForms().then((form) => setForm(() => form));
  }, []);

  return (
    <details
      ref={details}
      className="probe-disclosure"
      onToggle={(e) => {
        if (e.currentTarget.open) show();
      }}
    >
      <summary onPointerEnter={() => void loadForms()} onFocus={() => void loadForms()}>
        Run the check here
      </summary>
      {Form ? (
        <Form probe={probe} />
      ) : (
        <p>
          Loading the check… (or open <a href={`/probe/${probe}`}>its own page</a>)
        </p>
      )}
    </details>
  );
}
