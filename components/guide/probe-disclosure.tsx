'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type ComponentType } from 'react';
import { type ProbeId } from '@/lib/probes/catalog';

type LazyForm = ComponentType<{ probe: ProbeId }>;

// The forms and their schemas weigh more than the rest of a node page's JavaScript together, and most readers of a
// step never run its check: the code is fetched when the reader opens the disclosure (or points at it), not before.
let loading: Promise<LazyForm> | null = null;
function loadForms(): Promise<LazyForm> {
  loading ??= import('@/components/probe/probe-forms').then((m) => m.ProbeFormOf);
  return loading;
}

const noSubscription = () => () => {};

/**
 * The probe form of a step, behind a native disclosure. Without JavaScript the disclosure still opens, says that the
 * check needs JavaScript here, and points to the probe's own page, which works without it. (Rendering the form into
 * the step's static HTML for that case would load its code with every step: see loadForms.)
 */
export function ProbeDisclosure({ probe }: { probe: ProbeId }) {
  const details = useRef<HTMLDetailsElement>(null);
  const [Form, setForm] = useState<LazyForm | null>(null);
  // False in the server's HTML and while hydrating: that HTML may be all a browser without JavaScript ever shows, and
  // "Loading" would wait forever there.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);

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
      ) : hydrated ? (
        <p>
          Loading the check… (or open <a href={`/probe/${probe}`}>its own page</a>)
        </p>
      ) : (
        <noscript>
          <p className="probe-needs-js">
            Running the check on this step needs JavaScript, which is off in this browser. Its own page works without
            it: <a href={`/probe/${probe}`}>run the check on its own page</a>.
          </p>
        </noscript>
      )}
    </details>
  );
}
