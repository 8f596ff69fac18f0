import { expect, test } from '@playwright/test';
import { checkInputSchema, checkRequestSchema } from './input';
import { runConfigurationCheck, type CheckEvent } from './run';

async function events(raw: unknown): Promise<CheckEvent[]> {
  const out: CheckEvent[] = [];
  for await (const event of runConfigurationCheck(checkInputSchema.parse(raw))) out.push(event);
  return out;
}

test('the configuration step says what the standalone lint says: a pasted client secret, and values it cannot use', async () => {
  // No URIs, so no probe runs: only the configuration step.
  const config = JSON.stringify({ accountLinkingRequest: { type: 'AUTH_CODE', clientId: 'abc', clientSecret: 'pasted-secret-value', scopes: ['profile'], skipOnEnablement: 'maybe' } });
  const all = await events({ config });
  const step = all.find((e): e is Extract<CheckEvent, { type: 'step' }> => e.type === 'step' && e.step.id === 'config')!.step;
  const ids = step.findings.map((f) => f.id);
  expect(ids).toContain('config.client-secret');
  expect(ids).toContain('config.fields');
  // The secret it warns about is in no event.
  expect(JSON.stringify(all)).not.toContain('pasted-secret-value');
});

test('broken JSON is a problem of the input, not a finding Alexa would reject', () => {
  const parsed = checkRequestSchema.safeParse({ config: '{"type": "AUTH_CODE", ' });
  // The input's shape alone accepts it: the body limit is set by the shape.
  expect(checkInputSchema.safeParse({ config: '{"type": "AUTH_CODE", ' }).success).toBe(true);
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues[0]).toMatchObject({ path: ['config'] });
  expect(parsed.error?.issues[0]?.message).toMatch(/JSON/);
});

test('the authorization URI’s port is listed once: by the configuration check, not again by the login page probe', async () => {
  const config = JSON.stringify({ type: 'IMPLICIT', authorizationUrl: 'https://auth.example.com:8443/authorize', domains: [] });
  const all = await events({ config });
  const steps = all.flatMap((e) => (e.type === 'step' ? [e.step] : []));
  const ports = steps.flatMap((s) => s.findings.filter((f) => f.status === 'fail' && /port/i.test(f.title)).map((f) => `${s.id}:${f.id}`));
  expect(ports).toEqual(['config:config.authorization-url-port']);
  const summary = all.find((e) => e.type === 'summary');
  expect(summary?.type === 'summary' && summary.rejected.filter((f) => /port/i.test(f.title)).map((f) => f.id)).toEqual(['config.authorization-url-port']);
});

test('the token URI’s port is listed once too: by the configuration check, not again by the token probe', async () => {
  // Loopback with nothing listening: the token probe names the port before it fails to connect.
  const config = JSON.stringify({ type: 'AUTH_CODE', authorizationUrl: 'https://127.0.0.1:9/authorize', accessTokenUrl: 'https://127.0.0.1:9/token', clientId: 'alexa', domains: [] });
  process.env.PROBE_ALLOW_PRIVATE = '1';
  let all: CheckEvent[];
  try {
    all = await events({ config, clientSecret: 'a-client-secret', refreshToken: 'a-refresh-token-value' });
  } finally {
    delete process.env.PROBE_ALLOW_PRIVATE;
  }
  // The token step ran (it did not stop at the address policy).
  expect(all.some((e) => e.type === 'step' && e.step.id === 'token' && e.step.status === 'done')).toBe(true);
  const ids = all.flatMap((e) => (e.type === 'step' ? e.step.findings.filter((f) => f.status === 'warn' || f.status === 'fail').map((f) => f.id) : []));
  expect(ids).toContain('config.access-token-url-port');
  expect(ids).not.toContain('token.port');
});
