import type { Metadata } from 'next';
import { CheckPage } from '@/components/probe/check-page';
import { AcceptGrantForm } from '@/components/probe/accept-grant-form';

export const metadata: Metadata = {
  title: 'Check your AcceptGrant response',
  description:
    'Paste your smart home skill’s response to the Alexa.Authorization AcceptGrant directive and check it against the documented success and error shapes.',
};

export default function AcceptGrantPage() {
  return (
    <CheckPage
      probe="accept-grant"
      title="Check your AcceptGrant response"
      formHeading="Paste the response"
      lead={
        <>
          When a user links a smart home skill that sends events to Alexa, Alexa sends the skill an AcceptGrant
          directive, and linking fails unless the skill answers with exactly the documented response. Paste what your
          skill returns and Link Doctor compares it with the success and error shapes Amazon documents.
        </>
      }
    >
      <AcceptGrantForm />
    </CheckPage>
  );
}
