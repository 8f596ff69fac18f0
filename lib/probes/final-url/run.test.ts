import { expect, test } from '@playwright/test';
import { runProbe } from '@/lib/probes/execute';
import { isNodeId } from '@/lib/tree';
import { finalUrlInputSchema, type FinalUrlResult } from './input';
import { checkFinalUrl } from './run';

const run = (finalUrl: string) => checkFinalUrl(finalUrlInputSchema.parse({ finalUrl }));
const finding = (r: FinalUrlResult, id: string) => r.findings.find((f) => f.id === id);
const VENDOR = 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA';

test('a skills-store link-result page with errorKey=missing-state: linking failed, state was not passed back, the step that fixes it', () => {
  const r = run('https://skills-store.amazon.com/external/link-result?success=false&errorKey=missing-state');
  expect(r.kind).toBe('link-result');
  expect(finding(r, 'final.page')).toMatchObject({ status: 'fail', title: 'Linking failed (errorKey=missing-state)', node: 'state-not-returned' });
  const error = finding(r, 'final.error');
  // The meaning comes from developers' reports, not Amazon's documentation: a warning.
  expect(error?.status).toBe('warn');
  expect(error?.detail).toContain('did not carry the state parameter');
  expect(error?.node).toBe('state-not-returned');
  expect(isNodeId('state-not-returned')).toBe(true);
});

test('an unknown errorKey says only what is certain; success=true passes', () => {
  const r = run('https://skills-store.amazon.com/external/link-result?success=false&errorKey=some-new-key');
  expect(finding(r, 'final.page')?.status).toBe('fail');
  expect(finding(r, 'final.error')?.detail).toContain('does not document');
  expect(finding(r, 'final.error')?.node).toBe('token-exchange');
  const ok = run('https://skills-store.amazon.com/external/link-result?success=true');
  expect(ok.findings.map((f) => f.status)).toEqual(['pass']);
});

test('an Alexa redirect URL with error=: each OAuth error explained with its step; a redirect_uri description points to the redirect URL step', () => {
  const denied = run(`${VENDOR}?error=access_denied&state=abc`);
  expect(denied.kind).toBe('alexa-redirect');
  expect(finding(denied, 'final.page')).toMatchObject({ status: 'fail', title: 'Your server answered Alexa with error=access_denied' });
  expect(finding(denied, 'final.error')?.detail).toContain('declined');
  expect(run(`${VENDOR}?error=unsupported_response_type`).findings.find((f) => f.id === 'final.error')?.node).toBe('grant-type');
  const redirect = run(`https://layla.amazon.com/api/skill/link/M2AAAAAAAAAAAA?error=invalid_request&error_description=redirect_uri+did+not+match`);
  expect(finding(redirect, 'final.error')?.node).toBe('redirect-uri-invalid');
  expect(finding(redirect, 'final.page')?.detail).toContain('"redirect_uri did not match"');
  const own = run(`${VENDOR}?error=weird_thing`);
  expect(finding(own, 'final.error')?.detail).toContain('your server’s own');
  for (const r of [denied, redirect, own]) for (const f of r.findings) expect(isNodeId(f.node), f.node).toBe(true);
});

test('a code and state: the sign-in worked, the code is masked, the token exchange is next; no state fails', () => {
  const code = 'SplxlOBeZQQYbYS6WxSbIA';
  const r = run(`${VENDOR}?state=A2SAAEAEexample&code=${code}`);
  expect(r.findings.map((f) => [f.id, f.status])).toEqual([['final.page', 'pass'], ['final.state', 'pass'], ['final.code', 'pass']]);
  expect(finding(r, 'final.code')?.node).toBe('token-exchange');
  expect(JSON.stringify(r)).not.toContain(code);
  const noState = run(`${VENDOR}?code=${code}`);
  expect(finding(noState, 'final.state')).toMatchObject({ status: 'fail', node: 'state-not-returned' });
});

test('a page of your own: the user never got back to Alexa', () => {
  const r = run('https://auth.example.com/login/error?error=server_error');
  expect(r.kind).toBe('other');
  expect(finding(r, 'final.page')).toMatchObject({ status: 'warn', node: 'redirect-uri-invalid' });
  expect(finding(r, 'final.error')?.status).toBe('fail');
});

test('through the registry: bad input is a clear message; nothing is fetched', async () => {
  const outcome = await runProbe('final-url', { finalUrl: 'not a url' });
  expect(outcome.kind).toBe('invalid');
  expect(JSON.stringify(outcome)).toContain('Paste a full URL');
  const good = await runProbe('final-url', { finalUrl: 'https://skills-store.amazon.com/external/link-result?success=false&errorKey=missing-state' });
  expect(good.kind).toBe('done');
});
