'use client';

import { AcceptGrantForm } from '@/lib/probes/accept-grant/form';
import { AppLinksForm } from '@/lib/probes/app-links/form';
import { type ProbeId } from '@/lib/probes/catalog';
import { EnablementRequestForm } from '@/lib/probes/enablement-request/form';
import { ImplicitRedirectForm } from '@/lib/probes/implicit-redirect/form';
import { FinalUrlForm } from '@/lib/probes/final-url/form';
import { LoginPageForm } from '@/lib/probes/login-page/form';
import { ProviderQuirksForm } from '@/lib/probes/provider-quirks/form';
import { TokenProbeForm } from '@/lib/probes/token/form';

// Every probe's form, by id. They share most of their code (the frame, zod, react-hook-form), so all eight weigh a
// few KB more than one: the guide's steps fetch them together when a reader opens a check.
const FORMS = {
  token: TokenProbeForm,
  'login-page': LoginPageForm,
  'app-links': AppLinksForm,
  'implicit-redirect': ImplicitRedirectForm,
  'final-url': FinalUrlForm,
  'enablement-request': EnablementRequestForm,
  'accept-grant': AcceptGrantForm,
  'provider-quirks': ProviderQuirksForm,
} satisfies Record<ProbeId, unknown>;

/** The form of one probe. */
export function ProbeFormOf({ probe }: { probe: ProbeId }) {
  const Form = FORMS[probe];
  return <Form />;
}
