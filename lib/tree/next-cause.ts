import { SYMPTOM_CAUSES } from '@/content/cause-chains';

/**
 * What "No, it still fails" leads to. Pure, and free of the tree, so a resolution page can ship it to the browser:
 * the server renders the links a static page can know (from the step's own `next`), and the walk, once the stored
 * path is read, replaces them with the ones that follow the user's answers (see components/guide/still-fails.tsx).
 */

/** What the user has said about the skill. A step's `appliesWhen` uses the same shape. */
export interface Facts {
  grant?: 'code' | 'implicit';
  skill?: 'smart-home' | 'other';
}

export interface StepInfo {
  title: string;
  kind: 'question' | 'check' | 'resolution' | 'report';
  /** A resolution's own "No, it still fails" step. */
  next?: string;
  when?: Facts;
}

export type Lookup = (id: string) => StepInfo | undefined;

export interface StillFailsLink {
  to: string;
  /** "No, it still fails", followed by the condition the user states by choosing it, when it is a choice. */
  label: string;
  /** For the link taken when no condition above it holds: what that means, e.g. "not a smart home skill". */
  otherwise?: string;
  /** The same as facts: taking this link says them. */
  assumes?: Facts;
}

export const STILL_FAILS = 'No, it still fails';

const PHRASES = {
  grant: { code: 'authorization code grant', implicit: 'implicit grant' },
  skill: { 'smart-home': 'a smart home skill', other: 'not a smart home skill' },
} as const;

const OPPOSITE = { code: 'implicit', implicit: 'code', 'smart-home': 'other', other: 'smart-home' } as const;

export function factsText(facts: Facts): string {
  const parts: string[] = [];
  if (facts.grant) parts.push(PHRASES.grant[facts.grant]);
  if (facts.skill) parts.push(PHRASES.skill[facts.skill]);
  return parts.join(', ');
}



/**
 * The links for one step: the first cause in `sequence` that surely applies, preceded by one link for each cause
 * whose condition the user has not stated (its label states it). Once such a link is offered, the causes after it
 * are for the other case, so the condition is taken as false from there on.
 */
export function pickLinks(sequence: readonly string[], known: Facts, lookup: Lookup): StillFailsLink[] {
  const facts: Facts = { ...known };
  const assumed: Facts = {};
  const links: StillFailsLink[] = [];
  const seen = new Set<string>();
  for (const id of sequence) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = lookup(id);
    // An id the tree lacks stays a plain link, so the graph checks report it as a dangling edge.
    if (!info) return [...links, { to: id, label: STILL_FAILS }];
    const when = info.when ?? {};
    const keys = (Object.keys(when) as (keyof Facts)[]).filter((k) => when[k] !== undefined);
    if (keys.some((k) => facts[k] !== undefined && facts[k] !== when[k])) continue;
    const unknown = keys.filter((k) => facts[k] === undefined);
    if (unknown.length > 0 && info.kind === 'resolution') {
      const stated = Object.fromEntries(unknown.map((k) => [k, when[k]])) as Facts;
      links.push({ to: id, label: `${STILL_FAILS}: ${factsText(stated)}` });
      for (const k of unknown) {
        const other = OPPOSITE[when[k]!] as never;
        facts[k] = other;
        assumed[k] = other;
      }
      continue;
    }
    const otherwise = factsText(assumed);
    links.push({ to: id, label: STILL_FAILS, ...(otherwise ? { otherwise, assumes: assumed } : {}) });
    return links;
  }
  return links;
}

/** A resolution's own chain of `next` steps, up to the first step that is not a resolution. */
export function staticSequence(id: string, lookup: Lookup): string[] {
  const sequence: string[] = [];
  const seen = new Set([id]);
  for (let next = lookup(id)?.next; next; next = lookup(next)?.next) {
    sequence.push(next);
    // A loop stops here, with its edge kept, so the graph checks can report it.
    if (seen.has(next) || lookup(next)?.kind !== 'resolution') break;
    seen.add(next);
  }
  return sequence;
}

/** The links a static page shows: the step's own chain, knowing only what the step itself implies. */
export function staticLinks(id: string, lookup: Lookup): StillFailsLink[] {
  return pickLinks(staticSequence(id, lookup), lookup(id)?.when ?? {}, lookup);
}

const REPORT = 'contact-amazon';

/**
 * Where the walk goes from `current`: the causes of the latest symptom on the path that lists it, in that
 * symptom's order from `current` on (wrapping round), then those of earlier symptoms on the path, never a step
 * already on the path, then the symptom's end. Steps that no symptom on the path lists follow their own chain.
 */
export function walkSequence(current: string, pathIds: readonly string[], lookup: Lookup): string[] {
  const visited = new Set([...pathIds, current]);
  const symptoms = [...pathIds].reverse().filter((id) => SYMPTOM_CAUSES[id as keyof typeof SYMPTOM_CAUSES]);
  const chainOf = (id: string) => SYMPTOM_CAUSES[id as keyof typeof SYMPTOM_CAUSES]!;
  const home = symptoms.findIndex((id) => chainOf(id).causes.includes(current as never));
  if (home < 0) return staticSequence(current, lookup).filter((id, i, all) => i === all.length - 1 || !visited.has(id));
  const causes: readonly string[] = chainOf(symptoms[home]!).causes;
  const at = causes.indexOf(current);
  const rest = [...causes.slice(at + 1), ...causes.slice(0, at), ...symptoms.slice(home + 1).flatMap((id) => chainOf(id).causes)];
  const end = chainOf(symptoms[home]!).end ?? REPORT;
  return [...rest.filter((id) => !visited.has(id)), visited.has(end) ? REPORT : end];
}

/**
 * What a walk says about the skill: each step's condition holds for a user who went through it, and so does what
 * a "No, it still fails" link taken on the way assumes (taking "not a smart home skill" says so).
 */
export function factsOf(walk: readonly string[], lookup: Lookup, extraFacts: Facts = {}): Facts {
  const facts: Facts = { ...extraFacts };
  walk.forEach((id, i) => {
    Object.assign(facts, lookup(id)?.when, extraFacts);
    const taken = walk[i + 1];
    if (taken === undefined || lookup(id)?.kind !== 'resolution') return;
    const link = pickLinks(walkSequence(id, walk.slice(0, i), lookup), facts, lookup).find((l) => l.to === taken);
    Object.assign(facts, link?.assumes, extraFacts);
  });
  return facts;
}

/** The links for `current` given the walk so far (which may or may not end with `current`). */
export function walkLinks(current: string, pathIds: readonly string[], lookup: Lookup, extraFacts: Facts = {}): StillFailsLink[] {
  const ids = pathIds.at(-1) === current ? pathIds.slice(0, -1) : pathIds;
  return pickLinks(walkSequence(current, ids, lookup), factsOf([...ids, current], lookup, extraFacts), lookup);
}
