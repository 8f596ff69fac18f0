import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/login-page says about the check, above its form. */
export const loginPageAbout: ProbeAbout = {
  title: 'Check your login page and Domain List',
  description:
    'Open your authorization URI with the request Alexa sends and see every host the login page loads from that your Domain List leaves out, plus pop-ups, dialogs, redirects and blank pages.',
  formHeading: 'Your login page',
  lead: (
    <>
      The Alexa app shows your login page in its own browser, and that browser loads only from the page’s own host
      and the hosts on your Domain List. Only an exact host counts: if the page loads a script from{' '}
      <code>oauth.sample.com</code>, listing <code>sample.com</code> does not cover it, and the page breaks or stays
      blank. Pop-up windows fail inside the app, and so do alerts. Link Doctor opens your authorization URI with the
      request Alexa sends, its state of 600+ characters included, lists every host the page loads from, and says
      which ones your Domain List leaves out.
    </>
  ),
};
