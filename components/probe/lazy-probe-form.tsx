'use client';

import dynamic from 'next/dynamic';
import { type ProbeId } from '@/lib/tree/schema';

const loading = () => <p>Loading the check…</p>;

// One chunk per form, so that a step loads only the code of the form it embeds.
const FORMS = {
  token: dynamic(() => import('./token-probe-form').then((m) => m.TokenProbeForm), { loading }),
  'login-page': dynamic(() => import('./login-page-form').then((m) => m.LoginPageForm), { loading }),
  'app-links': dynamic(() => import('./app-links-form').then((m) => m.AppLinksForm), { loading }),
  'implicit-redirect': dynamic(() => import('./implicit-redirect-form').then((m) => m.ImplicitRedirectForm), { loading }),
  'enablement-request': dynamic(() => import('./enablement-request-form').then((m) => m.EnablementRequestForm), { loading }),
  'accept-grant': dynamic(() => import('./accept-grant-form').then((m) => m.AcceptGrantForm), { loading }),
  'provider-quirks': dynamic(() => import('./provider-quirks-form').then((m) => m.ProviderQuirksForm), { loading }),
} satisfies Record<ProbeId, unknown>;

/** The form of one probe, loaded on demand. */
export function LazyProbeForm({ probe }: { probe: ProbeId }) {
  const Form = FORMS[probe];
  return <Form />;
}
