import { expect, test } from '@playwright/test';
import { checkInputSchema } from './input';
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
