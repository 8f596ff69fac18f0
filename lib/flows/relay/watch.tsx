'use client';

import { useEffect, useState } from 'react';
import { FindingsList } from '@/components/probe/findings-list';
import type { RelayCapture } from './input';
import './relay.css';

type Status = 'connecting' | 'live' | 'expired' | 'deleted' | 'gone' | 'lost';

const STATUS_TEXT: Record<Status, string> = {
  connecting: 'Connecting…',
  live: 'Live: each call appears here as Alexa makes it.',
  expired: 'The relay has expired: it takes no more calls, and everything it recorded is gone.',
  deleted: 'The relay is deleted: it takes no more calls, and everything it recorded is gone.',
  gone: 'No relay with this address and key: it has expired, was deleted, or the key is wrong.',
  lost: 'The connection was lost. Reload the page to see the captures again.',
};

/**
 * A relay's captures, live. The key goes only in an Authorization header (fetch streaming rather than EventSource,
 * which cannot send one), never in a URL, and is kept nowhere but this page's memory.
 */
export function RelayWatch({ id, relayKey }: { id: string; relayKey: string }) {
  const [captures, setCaptures] = useState<RelayCapture[]>([]);
  const [status, setStatus] = useState<Status>('connecting');
  // Without JavaScript nothing here can work: only the note on reading the captures another way is shown.
  const [mounted, setMounted] = useState(false);

  useEffect(() => {
    setMounted(true);
    const abort = new AbortController();
    const auth = { Authorization: `Bearer ${relayKey}` };
    void (async () => {
      try {
        const response = await fetch(`/api/relays/${encodeURIComponent(id)}/events`, { headers: auth, signal: abort.signal, cache: 'no-store' });
        if (!response.ok || !response.body) return setStatus(response.status === 404 ? 'gone' : 'lost');
        setStatus('live');
        for await (const event of serverSentEvents(response.body)) {
          if (event.name === 'capture') {
            const capture = JSON.parse(event.data) as RelayCapture;
            setCaptures((list) => (list.some((c) => c.captureId === capture.captureId) ? list : [...list, capture]));
          } else if (event.name === 'end') {
            setStatus((JSON.parse(event.data) as { reason: 'deleted' | 'expired' }).reason);
            return;
          }
        }
        setStatus((s) => (s === 'live' ? 'lost' : s));
      } catch {
        if (!abort.signal.aborted) setStatus('lost');
      }
    })();
    return () => abort.abort();
  }, [id, relayKey]);

  const deleteNow = async () => {
    const response = await fetch(`/api/relays/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { Authorization: `Bearer ${relayKey}` } });
    if (response.status === 204 || response.status === 404) {
      setCaptures([]);
      setStatus(response.status === 204 ? 'deleted' : 'gone');
    }
  };

  const open = status === 'live' || status === 'connecting';
  return (
    <section aria-labelledby="relay-captures" className="relay-watch">
      <h3 id="relay-captures">What Alexa sent, and what came back</h3>
      {!mounted && (
        <p>
          Watching live needs JavaScript. Without it, read the captures with{' '}
          <code>curl -H &apos;Authorization: Bearer &lt;key&gt;&apos; {`/api/relays/${id}/captures`}</code> on this
          server, the key being the part of the watch address after #key=.
        </p>
      )}
      {mounted && (
        <p role="status" className="hint">
          {STATUS_TEXT[status]}
        </p>
      )}
      {mounted && open && (
        <p>
          <button type="button" className="button-secondary" onClick={deleteNow}>
            Delete now
          </button>
        </p>
      )}
      {captures.length === 0 && mounted && open && <p>No calls yet. Link the skill from the Alexa app.</p>}
      <ol className="relay-captures">
        {captures.map((capture) => (
          <li key={capture.captureId}>
            <CaptureView capture={capture} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function CaptureView({ capture }: { capture: RelayCapture }) {
  const time = new Date(capture.at).toLocaleTimeString();
  const p = capture.request.params;
  return (
    <article aria-label={`${capture.kind === 'authorize' ? 'Authorization request' : 'Token request'} at ${time}`} className="relay-capture" data-kind={capture.kind}>
      {capture.kind === 'authorize' ? (
        <>
          <h4>
            {time} · Authorization request → {capture.response.status} redirect to your authorization URI
          </h4>
          <dl className="relay-facts">
            <Fact term="client_id" value={p.client_id} />
            <Fact term="scope" value={p.scope} />
            <Fact term="response_type" value={p.response_type} />
            <Fact term="redirect_uri" value={p.redirect_uri} />
            <Fact term="state" value={`${capture.authorize?.stateLength ?? 0} characters`} />
            <Fact term="PKCE" value={capture.authorize?.pkce ? `${capture.authorize.pkce.method}, challenge of ${capture.authorize.pkce.challengeLength} characters` : 'none'} />
          </dl>
        </>
      ) : (
        <>
          <h4>
            {time} · Token request ({p.grant_type || 'no grant_type'}) → HTTP {capture.response.status}, {capture.durationMs} ms
            {capture.token?.forwarded === false && ' (not forwarded)'}
          </h4>
          <dl className="relay-facts">
            <Fact term="Client authentication" value={CLIENT_AUTH_TEXT[capture.token?.clientAuth ?? 'none']} plain />
            {capture.token?.failure && <Fact term="No answer" value={capture.token.failure} plain />}
          </dl>
          {capture.findings.length > 0 && <FindingsList findings={capture.findings} />}
        </>
      )}
      <details>
        <summary>Request and response (secrets removed)</summary>
        <pre className="relay-http">
          {`${capture.request.method} ${capture.kind === 'authorize' ? '/authorize' : '/token'}\n`}
          {capture.request.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}
          {`\n\n${Object.entries(p)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n')}\n\n— HTTP ${capture.response.status}\n`}
          {capture.response.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}
          {capture.response.body ? `\n\n${capture.response.body}` : ''}
        </pre>
      </details>
    </article>
  );
}

const CLIENT_AUTH_TEXT = {
  HTTP_BASIC: 'HTTP Basic (an Authorization header)',
  REQUEST_BODY_CREDENTIALS: 'Credentials in request body (client_secret in the form)',
  both: 'Both an HTTP Basic header and client_secret in the form',
  none: 'No client secret sent',
} as const;

function Fact({ term, value, plain = false }: { term: string; value: string | undefined; plain?: boolean }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value === undefined ? <em>not sent</em> : plain ? value : <code>{value}</code>}</dd>
    </div>
  );
}

/** Server-sent events from a fetched body: each `event:` name with its `data:` lines. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ name: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) yield { name, data: data.join('\n') };
    }
  }
}

/** The watch page: the key is read from the address's fragment (#key=…), which no server ever receives. */
export function RelayWatchFromFragment({ id }: { id: string }) {
  const [key, setKey] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const read = () => setKey(new URLSearchParams(window.location.hash.slice(1)).get('key'));
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  if (key === undefined) {
    return (
      <noscript>
        <p>Watching a relay needs JavaScript: its key stays in the address after the #, which only this page reads.</p>
      </noscript>
    );
  }
  if (!key) return <p role="alert">This address has no key. Open the watch address exactly as it was shown when the relay was made (it ends with #key=…).</p>;
  return <RelayWatch id={id} relayKey={key} />;
}
