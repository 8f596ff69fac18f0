import { expect, test } from '@playwright/test';
import { SYMPTOM_CAUSES } from '@/content/cause-chains';
import { canonicalPath, edgesOf, tree, type NodeId } from '@/lib/tree';
import { lookupIn } from './graph';
import { STILL_FAILS, walkLinks, type Facts } from './next-cause';

const lookup = lookupIn(tree);
const FACTS: Required<Facts>[] = [
  { grant: 'code', skill: 'smart-home' },
  { grant: 'code', skill: 'other' },
  { grant: 'implicit', skill: 'other' },
];

function applies(id: string, facts: Facts): boolean {
  const when = tree[id as NodeId]?.appliesWhen ?? {};
  return (Object.keys(when) as (keyof Facts)[]).every((k) => when[k] === undefined || when[k] === facts[k]);
}

/** Keeps answering "No, it still fails" from `first`, with every fact known, until the walk leaves the causes. */
function follow(path: string[], first: string, facts: Facts): string[] {
  const seen = [first];
  const walk = [...path, first];
  for (let current = first; tree[current as NodeId]?.kind === 'resolution'; ) {
    const links = walkLinks(current, walk, lookup, facts);
    expect(links, `one way on from ${current}`).toHaveLength(1);
    current = links[0]!.to;
    walk.push(current);
    seen.push(current);
    expect(seen.length, 'the walk ends').toBeLessThan(40);
  }
  return seen;
}

for (const [symptom, chain] of Object.entries(SYMPTOM_CAUSES) as [NodeId, NonNullable<(typeof SYMPTOM_CAUSES)[NodeId]>][]) {
  for (const facts of FACTS) {
    if (!applies(symptom, facts)) continue;
    const causes = chain.causes.filter((id) => applies(id, facts));
    // A symptom reached through another (where linking ended, after the token exchange) goes on with that one's causes.
    const path = canonicalPath(symptom);
    const earlier = path
      .slice(0, -1)
      .reverse()
      .flatMap((id) => SYMPTOM_CAUSES[id]?.causes ?? [])
      .filter((id) => applies(id, facts) && !causes.includes(id));
    test(`${symptom} (${facts.grant} grant, ${facts.skill}): from any cause, every other applicable cause in order, then ${chain.end ?? 'contact-amazon'}`, () => {
      for (const [i, first] of causes.entries()) {
        const expected = [...causes.slice(i), ...causes.slice(0, i), ...new Set(earlier), chain.end ?? 'contact-amazon'];
        expect(follow(path, first, facts), `from ${first}`).toEqual(expected);
      }
    });
  }
}

test('every cause of a symptom is a resolution the tree has, and each symptom lists it once', () => {
  for (const [symptom, chain] of Object.entries(SYMPTOM_CAUSES)) {
    expect(tree[symptom as NodeId], symptom).toBeDefined();
    expect(new Set(chain!.causes).size, symptom).toBe(chain!.causes.length);
    for (const id of chain!.causes) expect(tree[id as NodeId]?.kind, `${symptom}: ${id}`).toBe('resolution');
  }
});

test('reported: after the authorization code grant, AcceptGrant is a stated choice and the implicit fragment never comes', () => {
  const walk: string[] = ['start', 'general-symptoms', 'grant-type', 'token-exchange', 'token-server-error'];
  let links = walkLinks('token-server-error', walk, lookup);
  expect(links.map((l) => [l.to, l.label])).toEqual([
    ['accept-grant-response', `${STILL_FAILS}: a smart home skill`],
    ['token-response-time', STILL_FAILS],
  ]);
  expect(links[1]!.otherwise).toBe('not a smart home skill');
  // Going on without saying "smart home" never reaches AcceptGrant, nor the implicit grant's fragment.
  const visited: string[] = [];
  for (let current = links[1]!.to; tree[current as NodeId].kind === 'resolution'; current = links.at(-1)!.to) {
    walk.push(current);
    visited.push(current);
    links = walkLinks(current, walk, lookup);
    expect(links.map((l) => l.to)).not.toContain('tip-implicit-fragment');
    expect(links.map((l) => l.to)).not.toContain('accept-grant-response');
  }
  expect(visited).toEqual([
    'token-response-time',
    'tip-no-popups',
    'tip-https-ca',
    'tip-200-ok',
    'tip-client-auth',
    'tip-json-not-params',
    'token-bot-protection',
    'token-uri-swapped',
    'uris-swapped',
  ]);
});

test('reported: from "Return the token as JSON" the walk goes on to the causes not seen yet, not to Contact Amazon', () => {
  const links = walkLinks('tip-json-not-params', ['start', 'general-symptoms', 'still-not-working', 'tip-json-not-params'], lookup);
  expect(links.map((l) => l.to)).toEqual(['tip-no-popups']);
});

test('static pages (no walk known) never lead a step to one for another case, and a step for a case not known yet is a stated choice', () => {
  for (const id of Object.keys(tree) as NodeId[]) {
    const node = tree[id];
    if (node.kind !== 'resolution') continue;
    const own = node.appliesWhen ?? {};
    for (const edge of edgesOf(node)) {
      const when = tree[edge.to as NodeId]?.appliesWhen ?? {};
      for (const key of Object.keys(when) as (keyof Facts)[]) {
        if (own[key] !== undefined) expect(when[key], `${id} → ${edge.to}: ${key}`).toBe(own[key]);
        else expect(edge.label, `${id} → ${edge.to}`).toContain(`${STILL_FAILS}: `);
      }
    }
  }
  expect(edgesOf(tree['tip-no-popups']).map((e) => [e.to, e.label, e.otherwise])).toEqual([
    ['tip-implicit-fragment', `${STILL_FAILS}: implicit grant`, undefined],
    ['tip-https-ca', STILL_FAILS, 'authorization code grant'],
  ]);
});
