import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/token says about the probe, above its form. */
export const tokenAbout: ProbeAbout = {
  title: 'Probe your access token URI',
  description:
    'Call your access token URI exactly as Alexa does and see, check by check, what Alexa would reject: status, JSON, token type, expires_in, refresh token, timing and TLS.',
  formHeading: 'Your token endpoint',
  lead: (
    <>
      Link Doctor sends your token endpoint the same POST that Alexa sends after a user signs in, then checks the
      answer against Alexa’s requirements: a 200 status within 4.5 seconds, JSON with an access token, a Bearer
      token type, an <code>expires_in</code> of at least 360 seconds, and a refresh token. With a code, it then
      refreshes once with the refresh token it received, to see that it works, and sends that refresh token a second
      time, as Alexa does when it retries.
    </>
  ),
};
