import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/enablement-request says about the check, above its form. */
export const enablementRequestAbout: ProbeAbout = {
  title: 'Check your Skill Enablement API request',
  description:
    'Paste the curl command or HTTP request your app sends to enable the skill and link the account: method, path, regional host, Bearer token and JSON body, and what Amazon’s error means.',
  formHeading: 'Paste the request',
  lead: (
    <>
      For linking from your own app, your app or server calls the Skill Enablement API with the user’s Amazon
      access token and a code from your own server. Paste that request (a curl command or the raw HTTP) and, if
      Amazon answered with an error, its status and message. Link Doctor checks the request against Amazon’s
      documentation and explains the error. Nothing is sent, and the token and the code are masked in the result.
    </>
  ),
};
