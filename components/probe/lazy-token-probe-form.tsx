'use client';

import dynamic from 'next/dynamic';

// Split out so that only the steps that embed the probe load the form's code.
export const LazyTokenProbeForm = dynamic(() => import('./token-probe-form').then((m) => m.TokenProbeForm), {
  loading: () => <p>Loading the probe…</p>,
});
