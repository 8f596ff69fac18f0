import type { Metadata } from 'next';
import Link from 'next/link';
import { FLOWS } from '@/lib/flows/catalog';
import { PROBES } from '@/lib/probes/catalog';

export const metadata: Metadata = {
  title: 'Checks and probes',
  description:
    'Test the parts of Alexa account linking that fail most often: your token endpoint, your login page and Domain List, your implicit grant redirect, your App Links and Universal Links, your Skill Enablement API request and your AcceptGrant response.',
};

export default function ProbeIndexPage() {
  return (
    <article aria-labelledby="probes-title">
      <h1 id="probes-title">Checks and probes</h1>
      <p className="lead">
        Test the parts of account linking that fail most often. Probes call your server the way Alexa does; checks read
        something you paste, such as a URL, a request or a response. Each finding links to the step of the guide that
        explains it.
      </p>
      {FLOWS.map((flow) => (
        <p key={flow.id}>
          <strong>
            <Link href={`/${flow.id}`}>{flow.label}</Link>
          </strong>
          : {flow.summary}
        </p>
      ))}
      <ul className="probe-list">
        {PROBES.map((probe) => (
          <li key={probe.id}>
            <Link href={`/probe/${probe.id}`} className="probe-list-name">
              {probe.label}
            </Link>
            <span className="probe-list-summary">{probe.summary}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}
