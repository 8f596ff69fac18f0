import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/accept-grant says about the check, above its form. */
export const acceptGrantAbout: ProbeAbout = {
  title: 'Check your AcceptGrant response',
  description:
    'Paste your smart home skill’s response to the Alexa.Authorization AcceptGrant directive and check it against the documented success and error shapes.',
  formHeading: 'Paste the response',
  lead: (
    <>
      When a user links a smart home skill that sends events to Alexa, Alexa sends the skill an AcceptGrant
      directive, and linking fails unless the skill answers with exactly the documented response. Paste what your
      skill returns and Link Doctor compares it with the success and error shapes Amazon documents.
    </>
  ),
};
