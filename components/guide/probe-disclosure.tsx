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
 * check needs JavaScript here, and links to the probe's own page, which works without it. (Rendering the form into
 * the step's static HTML for that case would load its code with every step: see loadForms.)
 */
export function ProbeDisclosure({ probe }: { probe: ProbeId }) {
  const details = useRef<HTMLDetailsElement>(null);
  const [Form, setForm] = useState<LazyForm | null>(null);
  // False in the server's HTML and while hydrating: that HTML may be all a browser without JavaScript ever shows, where
  // "Loading" would wait forever.
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
        // Worded to be true both in a browser without JavaScript and in one that has not yet run it. (Not <noscript>:
        // a browser whose scripts are turned off by other means, as in the tests, still hides what it holds.)
        <p className="probe-needs-js">
          This check runs here with JavaScript. Without JavaScript, <a href={`/probe/${probe}`}>run it on its own page</a>,
          which works without it.
        </p>
      )}
    </details>
  );
}
