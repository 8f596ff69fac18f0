import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/provider-quirks says about the check, above its form. */
export const providerQuirksAbout: ProbeAbout = {
  title: 'Check your OAuth provider’s rules for Alexa',
  description:
    'Google, GitHub, Auth0, Okta, Cognito, Facebook and Login with Amazon each need something for Alexa account linking, such as access_type=offline for Google. Enter your URIs and see what yours needs.',
  formHeading: 'Your URIs',
  lead: (
    <>
      Hosted OAuth servers each have a habit that breaks Alexa account linking. Google returns a refresh token only
      the first time an account authorizes, and only with <code>access_type=offline</code>; GitHub answers the token
      request with a parameter string instead of JSON; others hand out refresh tokens only with the{' '}
      <code>offline_access</code> scope. Enter your URIs and Link Doctor names your provider and what it needs.
      Nothing is sent anywhere.
    </>
  ),
};
