import { type ProbeAbout } from '@/components/probe/check-page-frame';

/** What /probe/final-url says about the check, above its form. */
export const finalUrlAbout: ProbeAbout = {
  title: 'Where did linking end? Read the final page’s address',
  description:
    'Paste the address of the page where account linking ended, such as a skills-store link-result page with errorKey or an Alexa redirect URL with error, and see what it means and which step fixes it.',
  formHeading: 'Paste the address',
  lead: (
    <>
      When linking fails, the address of the last page says a lot: Alexa’s <code>link-result</code> page names an
      error key, and a redirect back to Alexa carries your server’s <code>error</code>, or its code and state. Copy
      the address from the browser (or from the Alexa app’s “Open in browser”) and paste it here. Nothing is sent
      anywhere, and codes and tokens are masked in the result.
    </>
  ),
};
