import { expect, test } from '@playwright/test';
import { authorizationRequestInputSchema } from '@/lib/probes/login-page/authorization-request';
import { appLinksProbeInputSchema } from '@/lib/probes/app-links/input';
import { checkTarget, safeFetch, TargetNotAllowed } from '@/lib/net';
import { loginPageProbeInputSchema } from '@/lib/probes/login-page/input';
import { tableLookup } from '@/lib/net/test-support';
import { tokenProbeInputSchema } from '@/lib/probes/token/input';

const TOKEN_PROBE = {
  tokenUri: 'https://auth.example.com/token',
  clientId: 'alexa-skill',
  clientSecret: 'a-client-secret',
  scheme: 'HTTP_BASIC',
  grant: { type: 'authorization_code', code: 'a-fresh-code', redirectUri: 'https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA' },
};

/** Every URL a user types for a probe: its schema, where it sits in the input, and the field's name in messages. */
const URL_FIELDS = [
  { probe: 'token', schema: tokenProbeInputSchema, path: 'tokenUri', name: 'access token URI', input: (url: string) => ({ ...TOKEN_PROBE, tokenUri: url }) },
  {
    probe: 'token',
    schema: tokenProbeInputSchema,
    path: 'grant.redirectUri',
    name: 'redirect URL',
    input: (url: string) => ({ ...TOKEN_PROBE, grant: { ...TOKEN_PROBE.grant, redirectUri: url } }),
  },
  { probe: 'login page', schema: loginPageProbeInputSchema, path: 'authorizationUri', name: 'authorization URI', input: (url: string) => ({ authorizationUri: url }) },
  {
    probe: 'login page',
    schema: loginPageProbeInputSchema,
    path: 'redirectUri',
    name: 'redirect URL',
    input: (url: string) => ({ authorizationUri: 'https://login.example.com/authorize', redirectUri: url }),
  },
  { probe: 'app links', schema: appLinksProbeInputSchema, path: 'url', name: 'redirect URL', input: (url: string) => ({ url }) },
  { probe: 'authorization request check', schema: authorizationRequestInputSchema, path: 'authorizationUri', name: 'authorization URI', input: (url: string) => ({ authorizationUri: url }) },
] as const;

// Each of these new URL() drops (tab, CR, LF) or percent-encodes, so a check of the parsed URL never sees it.
const CONTROL_CHARACTERS = [
  ['\r\n', 'a line break'],
  ['\n', 'a line break'],
  ['\r', 'a line break'],
  ['\t', 'a tab'],
  ['\u0000', 'a control character (U+0000)'],
  ['\u007f', 'a control character (U+007F)'],
  ['\u0085', 'a control character (U+0085)'],
] as const;

const WHERE = [
  (c: string) => `https://auth.exa${c}mple.com/oauth`,
  (c: string) => `https://pitangui.amazon.com/api/skill/link/M2AA${c}AAAAAAAAAA`,
  (c: string) => `https://pitangui.amazon.com/api/skill/link/M2AAAAAAAAAAAA?x=1${c}X-Injected:%201`,
];

for (const { probe, schema, path, name, input } of URL_FIELDS) {
  test(`${probe}, ${path}: a control character inside the URL as written is refused with a message naming the field`, () => {
    for (const [character, described] of CONTROL_CHARACTERS) {
      for (const at of WHERE) {
        const url = at(character);
        const parsed = schema.safeParse(input(url));
        expect(parsed.success, JSON.stringify(url)).toBe(false);
        const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        expect(issues, JSON.stringify(url)).toContainEqual({ path, message: `The ${name} contains ${described}. Enter the URL again, on one line.` });
      }
    }
  });
}

test('a URL pasted with a line break before or after it is still read: only the text inside counts', () => {
  const parsed = tokenProbeInputSchema.safeParse({ ...TOKEN_PROBE, tokenUri: '\n https://auth.example.com/token\r\n' });
  expect(parsed.success && parsed.data.tokenUri).toBe('https://auth.example.com/token');
});

test.describe('the outbound policy refuses them too, on the text it is given, before any lookup or socket', () => {
  for (const [character, described] of CONTROL_CHARACTERS.filter(([c]) => c !== '\t')) {
    test(`${described} (${JSON.stringify(character)})`, async () => {
      for (const at of WHERE) {
        const url = at(character);
        expect(() => checkTarget(url, { policy: { allowPrivate: false } })).toThrow(TargetNotAllowed);
        const lookup = tableLookup({});
        const refused = await safeFetch(url, { policy: { allowPrivate: false }, lookup }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(refused, JSON.stringify(url)).toBeInstanceOf(TargetNotAllowed);
        expect((refused as TargetNotAllowed).reason).toBe('control-characters');
        expect(lookup.queries).toEqual([]);
      }
    });
  }
});
