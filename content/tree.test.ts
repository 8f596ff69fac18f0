import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { rawTree } from '@/content/tree';
import { edgesOf, shortestPaths } from '@/lib/tree/graph';
import { treeSchema, type TreeNode } from '@/lib/tree/schema';

const tree = treeSchema.parse(rawTree);
const reachable = shortestPaths(tree);

/** Every piece of prose a node shows, one string per field (never the `source` citation). */
function textFields(node: TreeNode, { withUrls = true } = {}): string[] {
  const fields = [node.title, node.summary, ...node.body, ...node.symptoms];
  switch (node.kind) {
    case 'question':
      fields.push(node.question, ...node.options.flatMap((o) => [o.label, o.hint ?? '']));
      break;
    case 'check':
      fields.push(...node.steps, ...node.outcomes.flatMap((o) => [o.label, o.meaning]));
      break;
    case 'resolution':
      fields.push(node.cause, ...node.fix, ...node.links.flatMap((l) => (withUrls ? [l.label, l.url] : [l.label])));
      break;
    case 'report':
      fields.push(...node.checklist, ...node.links.flatMap((l) => (withUrls ? [l.label, l.url] : [l.label])));
      break;
  }
  return fields.filter((f) => f !== '');
}

/** A node's text flattened into one string. */
function flatten(node: TreeNode): string {
  return textFields(node).join('\n');
}

function nodeText(ids: readonly string[]): string {
  return ids.map((id) => flatten(tree[id]!)).join('\n');
}

/**
 * The 19 issues of Amazon's troubleshooting guide, each with the nodes that carry it and the facts
 * those nodes must state word for word.
 */
const COVERAGE: { issue: string; ids: string[]; facts: string[] }[] = [
  {
    issue: '1. Linking unsuccessful / "We were unable to link at this time"',
    ids: ['grant-type', 'token-exchange', 'token-server-error', 'api-gateway-proxy', 'accept-grant-check', 'accept-grant-response', 'token-response-time'],
    facts: [
      'We were unable to link at this time',
      'Linking unsuccessful',
      'authorization URI',
      'POST',
      'access_token',
      'refresh_token',
      'JSON',
      'logs',
      'API Gateway',
      'Google Sign-In',
      'Facebook Login',
      'Send Alexa Events',
      'AcceptGrant',
      'AcceptGrant.Response',
      'synchronously',
      'Lambda function',
      'switch it off',
      '4.5 seconds',
      'times out',
    ],
  },
  {
    issue: '2. Linking succeeds, but the customer must link again later',
    ids: ['relink-later', 'token-lifetime-too-short', 'refresh-fails', 'refresh-token-revoked-early'],
    facts: [
      'must link again later',
      'expires_in',
      '360',
      'six minutes',
      'Default Access Token Expiration Time',
      'grant_type=refresh_token',
      'five-minute window',
      'invalidate refresh tokens',
    ],
  },
  {
    issue: '3. Works on one device, not another',
    ids: ['login-page-domains', 'domain-list-missing'],
    facts: ['blank screen', 'new window', 'Domain List', 'oauth.sample.com', '`sample.com` does not cover it', 'Account Linking > Domain List'],
  },
  {
    issue: '4. Google',
    ids: ['google-provider', 'google-access-type-offline', 'google-refresh-token-first-only'],
    facts: ['refresh_token', 'first time', 'access_type=offline', 'prompt=consent', 'security settings', 'revoke'],
  },
  {
    issue: '5. HTTP 400 during redirect',
    ids: ['http-400-redirect', 'request-too-large', 'redirect-uri-invalid'],
    facts: ['HTTP 400', 'redirect_uri', 'cookies', 'incognito', 'private window', 'Shorten the redirect URL', 'authorization code', 'query parameters'],
  },
  {
    issue: '6. Still not working (tips)',
    ids: ['still-not-working', 'tip-no-popups', 'tip-implicit-fragment', 'tip-https-ca', 'tip-200-ok', 'tip-client-auth', 'tip-json-not-params'],
    facts: [
      'pop-up',
      'URL fragment',
      '#',
      'query string',
      'https://pitangui.amazon.com/spa/skill/account-linking-status.html?vendorId=AAAAAAAAAAAAAA#state=xyz&access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer',
      'HTTPS',
      'Amazon-approved certificate authority',
      '200 OK',
      'HTTP Basic',
      'credentials in the request body',
      'Client Password',
      'JSON',
      'parameter string',
      'GitHub',
      'API gateway',
    ],
  },
  {
    issue: '6b. Contact Amazon',
    ids: ['contact-amazon'],
    facts: ['skill ID', 'Test credentials', 'customer ID', 'mycid', 'UTC', '14 days', 'EU, NA or Asia', 'Android or iOS', 'Settings > About the Alexa app', 'screenshot', 'Authorization URL', 'Domain list', 'implicit grant or authorization code grant'],
  },
  {
    issue: '7. "400 Bad Request" from the skill enablement API',
    ids: ['enablement-400', 'enablement-bearer-case', 'enablement-customer-token'],
    facts: ['400 Bad Request', 'Bearer', 'title case', 'access token', 'before', 'Skill Enablement REST API reference'],
  },
  {
    issue: '8. "401 Unauthorized"',
    ids: ['enablement-401'],
    facts: ['401 Unauthorized', 'enablement', 'deleted', 'SKILL_DISABLED', 'delete the tokens'],
  },
  {
    issue: '9. "403 Forbidden"',
    ids: ['enablement-403', 'enablement-403-scope', 'enablement-403-beta'],
    facts: [
      '403 Forbidden',
      'alexa::skills:account_linking',
      'Build tab',
      'TOOLS > Account linking',
      "app's redirect URLs",
      'ASK CLI',
      'SMAPI',
      'development',
      'beta tester',
      'beta pool',
    ],
  },
  {
    issue: '10. "Invalid account linking credentials"',
    ids: ['enablement-invalid-credentials'],
    facts: ['Invalid account linking credentials', 'not supported', 'complete authorization server', 'linking from the Alexa app', 'Implement account linking'],
  },
  {
    issue: '11. "Could not contact provider of account linking credentials"',
    ids: ['enablement-could-not-contact'],
    facts: ['Could not contact provider of account linking credentials', 'token exchange server', 'logs', 'root cause'],
  },
  {
    issue: "12. Linking doesn't complete",
    ids: ['enablement-not-called'],
    facts: ['skill enablement API', 'not enabled', 'logs', 'Enable skill and account link'],
  },
  {
    issue: "13. LWA fallback flow doesn't work",
    ids: ['lwa-fallback', 'lwa-fallback-url', 'lwa-two-client-pairs', 'lwa-redirect-default-browser'],
    facts: [
      'LWA fallback URL',
      "app's URL",
      'Alexa app URL and the LWA fallback URL',
      "Alexa's pair",
      'cannot edit it',
      'Your pair',
      'one security profile cannot serve both',
      'default browser',
      'Universal Links',
      'App Links',
      'older version',
      'only the user can act on the first two',
      'apple-app-site-association',
      'assetlinks.json',
    ],
  },
  {
    issue: '14. Android: user picks the default browser to open the Alexa app',
    ids: ['android-use-different-app'],
    facts: ['use a different app', 'invalid', 'assetlinks.json', 'every domain in its Android manifest', 'delete the Alexa app, install it again'],
  },
  {
    issue: "15. Can't target non-linked users",
    ids: ['target-non-linked-users'],
    facts: ['SKILL_ACCOUNT_LINKED', 'SKILL_DISABLED', 'after the first release', 'Link to Alexa'],
  },
  {
    issue: '16. Android: web URL opened instead of your app',
    ids: ['android-app-links-check', 'android-autoverify', 'android-assetlinks'],
    facts: ['autoVerify', 'Android App Links validation', 'assetlinks.json', 'Every domain listed in the manifest'],
  },
  {
    issue: '17. Android without your app: Android App Authorization URI opened',
    ids: ['android-app-auth-uri-fallback'],
    facts: ['No action needed', 'Your Android App Authorization URI', 'Your Web Authorization URI', 'iOS', 'external link'],
  },
  {
    issue: '18. Completion rate incorrect',
    ids: ['completion-rate-source-app'],
    facts: ['source=app', 'redirect', 'Alexa app', 'Step 4: Redirect the user to the Alexa app'],
  },
  {
    issue: '19. Child-directed skill missing from the Parent Dashboard',
    ids: ['child-directed-parent-dashboard'],
    facts: ['Parent Dashboard', 'intended', 'may not use account linking', 'child-enabled devices'],
  },
];

test.describe('the content of the symptom tree', () => {
  test('has between 45 and 65 nodes, and the ids the app relies on', () => {
    const ids = Object.keys(tree);
    expect(ids.length).toBeGreaterThanOrEqual(45);
    expect(ids.length).toBeLessThanOrEqual(65);
    expect(tree['token-exchange']?.kind).toBe('check');
    expect(tree['relink-later']?.kind).toBe('check');
    expect(tree['child-directed-parent-dashboard']?.kind).toBe('resolution');
    const reports = Object.entries(tree).filter(([, n]) => n.kind === 'report');
    expect(reports.map(([id]) => id)).toEqual(['contact-amazon']);
  });

  test('start offers the four flows, in the guide order', () => {
    const start = tree.start!;
    expect(start.kind).toBe('question');
    expect(start.part).toBe('general');
    expect(edgesOf(start).map((e) => e.to)).toEqual([
      'general-symptoms',
      'from-your-app-symptoms',
      'from-alexa-app-symptoms',
      'child-directed-parent-dashboard',
    ]);
    const child = tree['child-directed-parent-dashboard']!;
    expect(child.kind === 'resolution' && child.next).toBe('contact-amazon');
  });

  test('each part entry lists the symptoms of that part', () => {
    const entries: Record<string, number> = {
      'general-symptoms': 6,
      'from-your-app-symptoms': 9,
      'from-alexa-app-symptoms': 3,
    };
    for (const [id, count] of Object.entries(entries)) {
      const node = tree[id]!;
      expect(node.kind, id).toBe('question');
      expect(edgesOf(node), id).toHaveLength(count);
    }
  });

  test('"unable to link" walks token server error → AcceptGrant → 4.5 s → the tips → contact', () => {
    const chain: string[] = [];
    for (let id: string | undefined = 'token-server-error'; id; ) {
      chain.push(id);
      const node: TreeNode = tree[id]!;
      id = node.kind === 'resolution' ? node.next : undefined;
    }
    expect(chain).toEqual([
      'token-server-error',
      'accept-grant-response',
      'token-response-time',
      'tip-no-popups',
      'tip-implicit-fragment',
      'tip-https-ca',
      'tip-200-ok',
      'tip-client-auth',
      'tip-json-not-params',
      'contact-amazon',
    ]);
  });

  for (const { issue, ids, facts } of COVERAGE) {
    test(`covers ${issue}`, () => {
      for (const id of ids) {
        expect(tree[id], `${id} exists`).toBeDefined();
        expect(reachable.has(id), `${id} is reachable from start`).toBe(true);
      }
      const text = nodeText(ids);
      for (const fact of facts) expect(text, `"${fact}" in ${ids.join(', ')}`).toContain(fact);
    });
  }

  test('nodes that a live probe can verify name it', () => {
    const expected: Record<string, string> = {
      'token-exchange': 'token',
      'relink-later': 'token',
      'login-page-domains': 'login-page',
      'http-400-redirect': 'login-page',
      'implicit-redirect-check': 'implicit-redirect',
      'android-app-links-check': 'app-links',
      'enablement-400': 'enablement-request',
      'enablement-403': 'enablement-request',
      'accept-grant-check': 'accept-grant',
      'google-provider': 'provider-quirks',
    };
    for (const [id, probe] of Object.entries(expected)) {
      const node = tree[id]!;
      expect(node.kind === 'check' || node.kind === 'resolution' ? node.probe : undefined, id).toBe(probe);
    }
  });

  test('the Contact-us checklist has every item of the guide, in order', () => {
    const report = tree['contact-amazon']!;
    expect(report.kind).toBe('report');
    if (report.kind !== 'report') return;
    const items: [string, RegExp[]][] = [
      ['skill ID', [/skill ID/i]],
      ['test credentials', [/test credentials/i, /password/i]],
      ['customer ID', [/customer ID/i, /https:\/\/developer\.amazon\.com\/mycid\.html/]],
      ['time in UTC within 14 days', [/UTC/, /time zone/, /latest|most recent/, /14 days/]],
      ['regions', [/region/i, /EU/, /NA/, /Asia/]],
      ['platform', [/platform/i, /Android/, /iOS/]],
      ['Alexa app version', [/Alexa app version|version of the Alexa app/i, /Settings > About the Alexa app/]],
      ['description or screenshot', [/description/i, /screenshot/i, /empty page/, /'unable to link' page/, /button/]],
      [
        'account linking configuration',
        [/Account Linking tab/, /Authorization URL/, /Domain list/, /implicit grant/, /authorization code grant/],
      ],
    ];
    expect(report.checklist).toHaveLength(items.length);
    items.forEach(([name, patterns], index) => {
      for (const pattern of patterns) expect(report.checklist[index], `${name}: ${pattern}`).toMatch(pattern);
    });
    expect(report.links.map((l) => l.url)).toEqual(
      expect.arrayContaining(['https://developer.amazon.com/support/contact-us', 'https://developer.amazon.com/mycid.html']),
    );
  });

  test('titles are unique', () => {
    const titles = Object.values(tree).map((n) => n.title.toLowerCase());
    const duplicates = titles.filter((t, i) => titles.indexOf(t) !== i);
    expect(duplicates).toEqual([]);
  });

  test('every summary fits a meta description', () => {
    for (const [id, node] of Object.entries(tree)) expect(node.summary.length, id).toBeLessThanOrEqual(200);
  });

  const PASTED = [
    'We were unable to link at this time',
    'Linking unsuccessful',
    '400 Bad Request',
    '401 Unauthorized',
    '403 Forbidden',
    'Invalid account linking credentials',
    'Could not contact provider of account linking credentials',
    'blank screen',
    'must link again later',
    'use a different app',
    'HTTP 400',
    'invalid_grant',
    'refresh_token',
    'Parent Dashboard',
  ];

  test('every pasted error text lands on exactly one node', () => {
    for (const phrase of PASTED) {
      const needle = phrase.toLowerCase();
      const hits = Object.entries(tree)
        .filter(([, n]) => n.symptoms.some((s) => s.toLowerCase().includes(needle)))
        .map(([id]) => id);
      expect(hits, phrase).toHaveLength(1);
      expect(reachable.has(hits[0]!), phrase).toBe(true);
    }
  });

  const GUIDE_FILE = path.join(__dirname, '../../shared/guide/troubleshooting-account-linking.txt');
  const RUN = 12;

  /** Lower-case words without punctuation; URLs are facts to copy, not sentences, so they drop out. */
  const words = (text: string) =>
    text
      .replace(/https?:\/\/\S+/g, ' ')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .split(' ')
      .filter(Boolean);

  test(`copies no run of ${RUN} words from the guide`, () => {
    test.skip(!fs.existsSync(GUIDE_FILE), 'the guide text (shared/guide) is not in this checkout');
    const guideWords = words(fs.readFileSync(GUIDE_FILE, 'utf8'));
    const guideRuns = new Set<string>();
    for (let i = 0; i + RUN <= guideWords.length; i++) guideRuns.add(guideWords.slice(i, i + RUN).join(' '));

    const copied: string[] = [];
    for (const [id, node] of Object.entries(tree)) {
      for (const field of textFields(node, { withUrls: false })) {
        const w = words(field);
        for (let i = 0; i + RUN <= w.length; i++) {
          const run = w.slice(i, i + RUN).join(' ');
          if (guideRuns.has(run)) copied.push(`${id}: "${run}"`);
        }
      }
    }
    expect(copied).toEqual([]);
  });
});

test('fixes state each fact with its source instead of hedging it', () => {
  const hedges = /\breportedly\b|\bis reported\b|\bwere reported\b|\bReported:|\(reported\)|\bunclear\b/;
  for (const [id, node] of Object.entries(tree)) {
    const prose = node.kind === 'resolution' ? [node.cause, ...node.fix] : node.kind === 'check' ? node.steps : [];
    for (const line of prose) expect(line, id).not.toMatch(hedges);
  }
});
