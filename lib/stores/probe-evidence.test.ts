import { expect, test } from '@playwright/test';
import { probeConfig, probeEvidence, probeTarget } from './probe-evidence';

const finding = { id: 'token.expires-in', status: 'fail' as const, title: 'Access tokens last 300 s', detail: 'expires_in is 300.', fix: 'Give 3600.', node: 'token-lifetime-too-short' };

test('a probe run is titled with the probe and its target, never with a query that can carry a code or a state', () => {
  const result = {
    probe: 'token',
    ok: false,
    findings: [finding],
    timing: { total: 812.4 },
    exchange: { request: { method: 'POST', url: 'https://auth.example.com/oauth/token?code=SECRETCODE#x', headers: [], body: '' } },
  };
  const evidence = probeEvidence(result, '2026-11-30T22:00:00.000Z')!;
  expect(evidence).toMatchObject({ probe: 'token', target: 'https://auth.example.com/oauth/token', title: 'Access token URI probe: https://auth.example.com/oauth/token', elapsedMs: 812 });
  expect(evidence.findings).toEqual([finding]);
  expect(JSON.stringify(evidence)).not.toContain('SECRETCODE');
});

test('each probe names its target from its own result; checks of pasted text that name nothing have none', () => {
  expect(probeTarget({ probe: 'login-page', findings: [], request: { url: 'https://auth.example.com/authorize?state=A2S', length: 900 } } as never)).toBe('https://auth.example.com/authorize');
  expect(probeTarget({ probe: 'app-links', findings: [], domain: 'app.example.com' } as never)).toBe('app.example.com');
  expect(probeTarget({ probe: 'final-url', findings: [], page: { host: 'alexa.amazon.com', path: '/spa/link-result' } } as never)).toBe('alexa.amazon.com/spa/link-result');
  expect(probeTarget({ probe: 'implicit-redirect', findings: [], target: null } as never)).toBe('');
  expect(probeTarget({ probe: 'token', findings: [], exchange: null } as never)).toBe('');
  expect(probeTarget({ probe: 'accept-grant', findings: [] })).toBe('');
  expect(probeEvidence({ probe: 'not-a-probe', findings: [] }, '2026-11-30T22:00:00.000Z')).toBeNull();
});

test('a token or login page run tells the report which URI it called; other checks tell nothing', () => {
  expect(probeConfig({ probe: 'token', findings: [], exchange: { request: { url: 'https://auth.example.com/oauth/token' } } } as never)).toEqual({ accessTokenUrl: 'https://auth.example.com/oauth/token' });
  expect(probeConfig({ probe: 'login-page', findings: [], request: { url: 'https://auth.example.com/authorize?state=A2S', length: 900 } } as never)).toEqual({ authorizationUrl: 'https://auth.example.com/authorize' });
  expect(probeConfig({ probe: 'app-links', findings: [], domain: 'app.example.com' } as never)).toBeUndefined();
});
