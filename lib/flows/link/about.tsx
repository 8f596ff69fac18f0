import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /link says about the flow, above its form (the guide and /check name it as lib/flows/catalog.ts does). */
export const linkAbout: ProbeAbout = {
  title: 'Link as Alexa: rehearse the whole account linking',
  description:
    'Link Doctor signs in on your login page with a test account, catches the authorization code before it reaches Amazon, exchanges it at your token URI and refreshes the tokens, then shows every step and the first one that breaks.',
  formHeading: 'Your account linking settings and a test account',
  lead: (
    <>
      No more copying a one-use code out of a failed Amazon page. Link Doctor opens your authorization URI in a headless
      phone browser with exactly what Alexa sends, signs in with your test account, accepts the consent page, catches
      the redirect to Alexa (nothing ever reaches Amazon), exchanges the code at your access token URI as Alexa does,
      refreshes the tokens, and checks the Domain List. Each step appears as it ends, with a screenshot of the page and
      the requests as sent and received.
    </>
  ),
};
