import type { ProbeResult } from '@/lib/probes/registry';
import { type ProbeState } from '@/lib/probes/state';
import { type BrowserSummary, type LoginHost, type LoginPageProbeResult, type LoginRegionCheck } from './input';
import { ProbeOutcomeView } from '@/components/probe/probe-outcome';
import { hopStatusesFromFindings, loginTimingRows } from '@/components/pictures/from-results';
import { LinkingSequence } from '@/components/pictures/linking-sequence';
import { TimingWaterfall } from '@/components/pictures/timing-waterfall';

/** What the login page probe found: the verdict and findings, the hosts against the Domain List, and what it saw. */
export function LoginPageResult({ state }: { state: NonNullable<ProbeState<ProbeResult<'login-page'>>> }) {
  return (
    <ProbeOutcomeView
      state={state}
      accepted="The Alexa app can show this login page"
      rejected="Account linking would fail on this login page"
      unfinished="The probe did not finish."
    >
      {(result) => (
        <>
          <LinkingSequence statuses={hopStatusesFromFindings(result.findings)} title="Where this check sits in the linking" />
          <TimingWaterfall rows={loginTimingRows(result)} title="How long each request took" />
          {result.page && <HostsTable result={result} />}
          <RequestSent result={result} />
          {result.regions && result.regions.length > 0 && <RegionsTable regions={result.regions} />}
          {result.browser && <BrowserSeen browser={result.browser} screenshot={result.screenshot} />}
          {result.stylesheets.length > 0 && <Stylesheets stylesheets={result.stylesheets} />}
        </>
      )}
    </ProbeOutcomeView>
  );
}

const VERDICT_LABEL: Record<LoginRegionCheck['verdict'], string> = { accepted: 'Accepted', refused: 'Refused', unknown: 'No clear answer' };

/** The same request with each other region's Alexa redirect URL, and what the server made of it. */
function RegionsTable({ regions }: { regions: readonly LoginRegionCheck[] }) {
  return (
    <table className="params">
      <caption>The other regions’ Alexa redirect URLs</caption>
      <thead>
        <tr>
          <th scope="col">Region</th>
          <th scope="col">Redirect URL sent</th>
          <th scope="col">Answer</th>
        </tr>
      </thead>
      <tbody>
        {regions.map((c) => (
          <tr key={c.region}>
            <th scope="row">{c.label}</th>
            <td>
              <code>{c.redirectUri}</code>
            </td>
            <td>
              {VERDICT_LABEL[c.verdict]}
              {c.status ? ` (HTTP ${c.status})` : ''}
              {c.said ? `: ${c.said}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type HostState = 'missing' | 'refused' | 'covered';

interface HostRow extends LoginHost {
  state: HostState;
  /** What covers it, when something does. */
  by?: 'authorization URI' | 'Domain List';
}

const STATE_LABEL: Record<HostState, string> = { missing: 'Missing', refused: 'Refused for safety', covered: 'Covered' };

/** Missing hosts first (those refused for safety among them), then the covered ones. */
function hostRows(domains: LoginPageProbeResult['domains']): HostRow[] {
  const missing = domains.missing.map((h): HostRow => ({ ...h, state: h.refused ? 'refused' : 'missing' }));
  const covered = domains.covered.map((h): HostRow => ({ ...h, state: h.refused ? 'refused' : 'covered', by: h.by }));
  return [...missing, ...covered];
}

function HostsTable({ result }: { result: LoginPageProbeResult }) {
  const rows = hostRows(result.domains);
  const missing = result.domains.missing.length;
  return (
    <table className="params hosts">
      <caption>
        Hosts your login page loads from
        {rows.length > 0 && (
          <span className="caption-note">
            {' '}
            ({missing === 0 ? 'all covered' : `${missing} missing from the Domain List`}
            {result.mode === 'static' ? '; scripts were not run' : ''})
          </span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">Host</th>
          <th scope="col">Where it was found</th>
          <th scope="col">Domain List</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>No host was found.</td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.host} data-host={row.host} data-state={row.state}>
            <th scope="row">
              <code>{row.host}</code>
            </th>
            <td>{row.foundIn.join(', ')}</td>
            <td>
              <span className={`host-state host-${row.state}`}>{STATE_LABEL[row.state]}</span>
              {row.state === 'covered' && (row.by === 'authorization URI' ? ': the authorization URI’s own host' : ': on the Domain List')}
              {row.refused && (
                <>
                  {': '}
                  {row.refused} {row.by ? `(${row.by === 'Domain List' ? 'on the Domain List' : 'the authorization URI’s host'})` : '(not on the Domain List)'}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A URL, or a pointer to the request URL above when it is that one: a state as long as Alexa's makes it hundreds of characters, not worth printing twice. */
function UrlOrRequest({ url, request }: { url: string; request: string | null | undefined }) {
  return url === request ? <>the request URL above</> : <code>{url}</code>;
}

function RequestSent({ result }: { result: LoginPageProbeResult }) {
  const { request, redirects, page } = result;
  return (
    <>
      <h4>The request and where it led</h4>
      <p>
        The request Alexa would open: <strong>{request.length} characters</strong>, with a state as long as Alexa’s.
      </p>
      {request.url && (
        <details className="exchange">
          <summary>The full request URL</summary>
          <pre>{request.url}</pre>
        </details>
      )}
      {redirects.length > 0 && (
        <ol className="redirect-chain" aria-label="Redirect chain">
          {redirects.map((hop, i) => (
            <li key={i}>
              <UrlOrRequest url={hop.url} request={request.url} /> answered HTTP {hop.status}, a redirect to <code>{hop.location}</code>
            </li>
          ))}
        </ol>
      )}
      {page && (
        <p>
          {redirects.length > 0 ? 'The login page, after the redirects: ' : 'The login page: '}
          <UrlOrRequest url={page.url} request={request.url} />
          {page.status !== null && ` answered HTTP ${page.status}`}
          {page.contentType && `, ${page.contentType}`}.
        </p>
      )}
    </>
  );
}

function BrowserSeen({ browser, screenshot }: { browser: BrowserSummary; screenshot: string | undefined }) {
  return (
    <>
      <h4>What the headless phone browser saw</h4>
      {screenshot && (
        <figure className="screenshot">
          {/* A data: URL made by the probe: next/image has nothing to optimise here. */}
          <img src={screenshot} alt="The login page as a phone shows it" />
          <figcaption>On a phone-sized screen (Pixel 7), when the page had loaded.</figcaption>
        </figure>
      )}
      <dl className="timing">
        <div>
          <dt>Requests</dt>
          <dd>{browser.requestCount}</dd>
        </div>
        <div>
          <dt>Pop-ups</dt>
          <dd>{browser.popups.length}</dd>
        </div>
        <div>
          <dt>Dialogs</dt>
          <dd>{browser.dialogs.length}</dd>
        </div>
        <div>
          <dt>Transferred</dt>
          <dd>{Math.ceil(browser.bytes / 1024)} KB</dd>
        </div>
      </dl>
      {browser.popups.length > 0 && (
        <>
          <h5>Pop-ups the page tried to open (blocked)</h5>
          <ul className="browser-events">
            {browser.popups.map((p, i) => (
              <li key={i}>
                {p.via}: {p.url ? <code>{p.url}</code> : 'a blank window'}
              </li>
            ))}
          </ul>
        </>
      )}
      {browser.dialogs.length > 0 && (
        <>
          <h5>Dialogs the page showed (dismissed)</h5>
          <ul className="browser-events">
            {browser.dialogs.map((d, i) => (
              <li key={i}>
                <code>{d.type}</code>: “{d.message}”
              </li>
            ))}
          </ul>
        </>
      )}
      {browser.requests.length > 0 && (
        <details className="exchange">
          <summary>
            Every request the page made ({browser.requestCount}
            {browser.requestCount > browser.requests.length ? `, the first ${browser.requests.length} listed` : ''})
          </summary>
          <table className="params">
            <caption>Requests, in order (queries left out)</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">URL</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {browser.requests.map((r, i) => (
                <tr key={i}>
                  <td>{r.type}</td>
                  <td>
                    <code>
                      {r.method === 'GET' ? '' : `${r.method} `}
                      {r.url}
                    </code>
                  </td>
                  <td>{r.refused ? `Refused for safety: ${r.refused}` : (r.failure ?? (r.status !== undefined ? `HTTP ${r.status}` : '—'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {browser.otherHosts.length > 0 && (
        <p className="hint">
          The browser itself also contacted {browser.otherHosts.map((h) => h.host).join(', ')} (its own services, not the
          page’s); they are not compared with the Domain List.
        </p>
      )}
    </>
  );
}

function Stylesheets({ stylesheets }: { stylesheets: LoginPageProbeResult['stylesheets'] }) {
  return (
    <>
      <h4>Stylesheets read</h4>
      <ul className="browser-events">
        {stylesheets.map((s, i) => (
          <li key={i}>
            <code>{s.url}</code>: {s.problem ?? `HTTP ${s.status}, ${s.hosts} ${s.hosts === 1 ? 'host' : 'hosts'} named`}
          </li>
        ))}
      </ul>
    </>
  );
}
