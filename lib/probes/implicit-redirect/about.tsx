import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/implicit-redirect says about the check, above its form. */
export const implicitRedirectAbout: ProbeAbout = {
  title: 'Check your implicit grant redirect',
  description:
    'Paste the URL your login page redirects to and see whether Alexa can read it: state, access_token and token_type in the fragment, state echoed exactly, token_type Bearer.',
  formHeading: 'Paste the redirect',
  lead: (
    <>
      With the implicit grant, your login page sends the user back to Alexa with the token in the URL. Alexa reads
      state, access_token and token_type only from the part after <code>#</code>, and only when state is exactly
      the value it sent. Paste the redirect and Link Doctor says what Alexa would make of it. Nothing is sent
      anywhere, and tokens are masked in the result.
    </>
  ),
};
