import { type ProbeAbout } from '@/components/probe/check-page-frame';
import { acceptGrantAbout } from './accept-grant/about';
import { appLinksAbout } from './app-links/about';
import { type ProbeId } from './catalog';
import { enablementRequestAbout } from './enablement-request/about';
import { implicitRedirectAbout } from './implicit-redirect/about';
import { finalUrlAbout } from './final-url/about';
import { loginPageAbout } from './login-page/about';
import { providerQuirksAbout } from './provider-quirks/about';
import { tokenAbout } from './token/about';

/** What each probe's page says about it, for app/probe/[probe]. */
export const PROBE_PAGES: Record<ProbeId, ProbeAbout> = {
  token: tokenAbout,
  'login-page': loginPageAbout,
  'implicit-redirect': implicitRedirectAbout,
  'final-url': finalUrlAbout,
  'app-links': appLinksAbout,
  'enablement-request': enablementRequestAbout,
  'accept-grant': acceptGrantAbout,
  'provider-quirks': providerQuirksAbout,
};
