import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { TokenProbeForm } from '@/components/probe/token-probe-form';
import { isPrivateModeOn } from '@/lib/probe/address-policy';

export const metadata: Metadata = {
  title: 'Probe your access token URI',
  description:
    'Call your access token URI exactly as Alexa does and see, check by check, what Alexa would reject: status, JSON, token type, expires_in, refresh token, timing and TLS.',
};

export default async function TokenProbePage() {
  // The private-mode notice reflects the running server, not the build.
  await connection();
  return (
    <article aria-labelledby="probe-title">
      <p className="eyebrow">Live probe</p>
      <h1 id="probe-title">Probe your access token URI</h1>
      <p className="lead">
        Link Doctor sends your token endpoint the same POST that Alexa sends after a user signs in, then checks the
        answer against Alexa’s requirements: a 200 status within 4.5 seconds, JSON with an access token, a Bearer
        token type, an <code>expires_in</code> of at least 360 seconds, and a refresh token.
      </p>
      {isPrivateModeOn() && (
        <p className="private-mode" role="note">
          PROBE_ALLOW_PRIVATE=1 is set: this server will probe loopback and private addresses. Use it only for local
          development.
        </p>
      )}
      <TokenProbeForm />
      <p className="source">
        Why these checks: <Link href="/guide/token-exchange">Check the exchange of the authorization code for tokens</Link>{' '}
        and <Link href="/guide/relink-later">users must link again later</Link>.
      </p>
    </article>
  );
}
