import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /relay says about the relay, above its form (the guide names it as lib/flows/catalog.ts does). */
export const relayAbout: ProbeAbout = {
  title: 'Watch a real linking: a recording relay',
  description:
    'Two URLs to paste into the Alexa console in place of your authorization and access token URIs: Link Doctor records what Alexa sends and what your server answers, secrets removed, and judges each token answer as the token probe does.',
  formHeading: 'Your two account-linking URIs',
  lead: (
    <>
      Probes show what Alexa would see; a relay shows what it did see. It works like the Amazon API Gateway proxy that
      Amazon suggests for servers whose logs you cannot read, without an AWS account: paste the two relay URLs into the
      console, link from the Alexa app, and watch each call arrive. The authorization request is recorded and sent on
      to your authorization URI unchanged; each token request is passed to your token URI byte for byte and its answer
      returned as it came. Client secrets, codes and tokens are removed before anything is kept.
    </>
  ),
};
