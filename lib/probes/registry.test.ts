import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { API_BODY_LIMITS } from '@/lib/server/body-limits.cjs';
import { nodesWithProbe } from '@/lib/tree';
import { PROBES } from './catalog';
import { PROBE_PAGES } from './pages';
import { REGISTRY } from './registry';

// Adding a probe is one folder plus a line in each list; this says what is missing when one is forgotten.
const FOLDER_FILES = ['input.ts', 'run.ts', 'form.tsx', 'result.tsx', 'about.tsx'];
const forms = readFileSync(path.join(__dirname, '../../components/probe/probe-forms.tsx'), 'utf8');

for (const probe of PROBES) {
  test(`${probe.id}: a folder, a definition, a page, a form, an API route and a step of the guide`, () => {
    for (const file of FOLDER_FILES) expect(existsSync(path.join(__dirname, probe.id, file)), `lib/probes/${probe.id}/${file}`).toBe(true);
    const definition = REGISTRY[probe.id];
    expect(definition.id).toBe(probe.id);
    // A network probe names what it calls, so the limits can count it; a check of pasted input calls nothing.
    expect('targets' in definition, `${probe.id} is a ${probe.kind} probe`).toBe(probe.kind === 'network');
    expect(PROBE_PAGES[probe.id].title.length).toBeGreaterThan(0);
    expect(forms).toContain(`from '@/lib/probes/${probe.id}/form';`);
    expect(API_BODY_LIMITS[`/api/probes/${probe.id}`]).toBeGreaterThan(0);
    expect(nodesWithProbe(probe.id).length, `no step of the guide offers ${probe.id}`).toBeGreaterThan(0);
  });
}
