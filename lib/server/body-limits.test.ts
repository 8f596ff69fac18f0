import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputSchema } from '@/lib/config-check/input';
import { linkInputSchema } from '@/lib/flows/link/input';
import { liveInputBodySchema, liveSessionBodySchema } from '@/lib/flows/link/live-protocol';
import { RELAY_TOKEN_BODY_LIMIT as RELAY_FORM_LIMIT, relayInputSchema } from '@/lib/flows/relay/input';
import { PROBE_IDS } from '@/lib/probes/catalog';
import { REGISTRY } from '@/lib/probes/registry';
import { MAX_PASTE_BYTES } from '@/lib/report/import';
import { API_BODY_LIMITS, bodyLimitFor, RELAY_TOKEN_BODY_LIMIT, SERVER_ACTION_BODY_LIMIT } from './body-limits.cjs';
import { type z } from '@/lib/zod';
import { COSTLIEST, jsonBodyBytes, LARGEST_API_INPUTS, type ApiRoute } from './largest-inputs';

const SCHEMAS = {
  ...Object.fromEntries(PROBE_IDS.map((id) => [`/api/probes/${id}`, REGISTRY[id].schema])),
  '/api/check': checkInputSchema,
  '/api/link': linkInputSchema,
  '/api/link/live/view': liveSessionBodySchema,
  '/api/link/live/cancel': liveSessionBodySchema,
  '/api/link/live/input': liveInputBodySchema,
  '/api/relays': relayInputSchema,
} as unknown as Record<ApiRoute, z.ZodType>;

/** A limit this much above its largest input is loose: tighten it. Room for a pretty-printed body's whitespace. */
const MAX_HEADROOM = 1.15;

const ROOT = join(__dirname, '..', '..');

function routeFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(join(dir, entry.name)) : entry.name === 'route.ts' ? [join(dir, entry.name)] : [],
  );
}

/** Copies of `value`, each with one string a character longer or one list an item longer. */
function oneBigger(value: unknown): unknown[] {
  if (typeof value === 'string') return [value + COSTLIEST];
  if (Array.isArray(value)) {
    return [[...value, value.at(-1)], ...value.flatMap((item, i) => oneBigger(item).map((bigger) => value.with(i, bigger)))];
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => oneBigger(item).map((bigger) => ({ ...value, [key]: bigger })));
  }
  return [];
}

test('every API route that reads a body has a limit, and every limit belongs to such a route', () => {
  // app/api/probes/[probe] serves every probe of the catalog; the other routes are files of their own.
  const reading = routeFiles('app/api')
    .filter((file) => /\b(probeResponse|readJsonBody)\(/.test(readFileSync(join(ROOT, file), 'utf8')))
    .map((file) => `/${file.replace(/^app\//, '').replace(/\/route\.ts$/, '')}`)
    .flatMap((route) => (route === '/api/probes/[probe]' ? PROBE_IDS.map((id) => `/api/probes/${id}`) : [route]))
    .sort();
  expect(reading.length).toBeGreaterThan(PROBE_IDS.length);
  expect(Object.keys(API_BODY_LIMITS).sort()).toEqual(reading);
  expect(Object.keys(LARGEST_API_INPUTS).sort()).toEqual(reading);
});

for (const [route, largest] of Object.entries(LARGEST_API_INPUTS) as Array<[ApiRoute, () => unknown]>) {
  test(`${route}: the limit admits the largest input the schema accepts, and not much more`, () => {
    const input = largest();
    const schema = SCHEMAS[route];
    expect(schema.safeParse(input).error?.issues ?? []).toEqual([]);
    // It is the largest: one character or one item more anywhere, and the schema refuses it.
    for (const bigger of oneBigger(input)) expect(schema.safeParse(bigger).success, JSON.stringify(bigger).slice(0, 200)).toBe(false);
    const bytes = jsonBodyBytes(input);
    const limit = API_BODY_LIMITS[route]!;
    expect(bytes, `${route} needs ${Math.ceil(bytes / 1024)} KB`).toBeLessThanOrEqual(limit);
    expect(limit, `${route} needs ${Math.ceil(bytes / 1024)} KB`).toBeLessThanOrEqual(bytes * MAX_HEADROOM);
  });
}

test('the server actions’ limit admits the largest paste /triage reads, sent as a form', async () => {
  // importReport reads up to MAX_PASTE_BYTES of UTF-8, however its characters spell it.
  const form = new FormData();
  form.set('$ACTION_ID_0123456789abcdef0123456789abcdef01234567', '');
  form.set('report', COSTLIEST.repeat(Math.floor(MAX_PASTE_BYTES / 3)) + 'a'.repeat(MAX_PASTE_BYTES % 3));
  const bytes = (await new Response(form).arrayBuffer()).byteLength;
  expect(bytes).toBeLessThanOrEqual(SERVER_ACTION_BODY_LIMIT);
});

test('a relay’s token URL takes a form of at most the relay’s own limit', () => {
  expect(bodyLimitFor('/relay/AAAAAAAAAAAAAAAAAAAAAA/token')).toBe(RELAY_TOKEN_BODY_LIMIT);
  expect(RELAY_TOKEN_BODY_LIMIT).toBe(RELAY_FORM_LIMIT);
  expect(bodyLimitFor('/relay/AAAAAAAAAAAAAAAAAAAAAA/authorize')).toBe(SERVER_ACTION_BODY_LIMIT);
});
