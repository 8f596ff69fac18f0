// What every probe and check reports: findings, one schema for all of them (the report re-checks imported ones with
// it), and the one builder probes fill in their own order. Client-safe: zod only.
import { z } from '@/lib/zod';
import type { NodeId } from '@/lib/tree';

export const FINDING_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;

/** A guide step's id, as the tree's nodes are named: lower-case words joined by hyphens. */
export const NODE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const findingSchema = z.object(
  {
    id: z.string({ error: 'Each finding needs an id.' }).min(1).max(200),
    status: z.enum(FINDING_STATUSES, { error: 'A finding’s status must be pass, warn, fail or skip.' }),
    title: z.string({ error: 'Each finding needs a title.' }).max(500),
    /** Plain language, with the evidence (status line, header, JSON field). */
    detail: z.string().max(8000, { error: 'A finding’s detail is too long (at most 8000 characters).' }),
    /** What to change; empty when there is nothing to fix. */
    fix: z.string().max(4000, { error: 'A finding’s fix is too long (at most 4000 characters).' }),
    /** The guide step that explains it. */
    node: z.string().regex(NODE_ID_PATTERN, { error: 'A finding links to a guide step whose id is not a valid step id.' }),
  },
  { error: 'Each finding must be an object with id, status, title, detail, fix and node.' },
);

export type Finding = z.output<typeof findingSchema>;
export type FindingStatus = Finding['status'];

/** A status as the badges beside findings say it. */
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = { fail: 'Fail', warn: 'Warning', pass: 'Pass', skip: 'Not checked' };

/** Whether Alexa would accept what was checked: no finding failed. */
export function passes(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.status === 'fail');
}

/** The worst status among findings: fail > warn > pass > skip. */
export function worstStatus(findings: readonly Finding[]): FindingStatus {
  const rank: Record<FindingStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };
  let worst: FindingStatus = 'skip';
  for (const f of findings) if (rank[f.status] > rank[worst]) worst = f.status;
  return worst;
}

/**
 * Builds findings whose `node` is checked against the symptom tree by the type system: a module lists the nodes it
 * may emit once (`NODES`), and every finding it builds must use one of them. For checks that build each finding
 * whole; probes that fill findings in as they go use `FindingSet`.
 */
export function findingBuilder<N extends NodeId>() {
  return (id: string, status: FindingStatus, title: string, detail: string, fix: string, node: N): Finding => ({ id, status, title, detail, fix, node });
}

/**
 * The findings a probe can report: their ids in the order users see them, and the title and guide step of each.
 * `conditional` ones appear only when they apply, never as "not checked".
 */
export interface FindingCatalog<Id extends string> {
  ids: readonly Id[];
  titles: Record<Id, string>;
  nodes: Record<Id, NodeId>;
  conditional?: readonly Id[];
}

/** A probe's findings as it fills them in, listed in its catalog's order whatever order they were set in. */
export class FindingSet<Id extends string> {
  private readonly map = new Map<Id, Finding>();

  constructor(private readonly catalog: FindingCatalog<Id>) {}

  /** Sets a finding; `title` and `node` default to the catalog's (a title that says what was found is better). */
  set(id: Id, status: FindingStatus, detail: string, fix = '', overrides: { title?: string; node?: NodeId } = {}): void {
    this.map.set(id, { id, status, title: overrides.title ?? this.catalog.titles[id], detail, fix, node: overrides.node ?? this.catalog.nodes[id] });
  }

  /** A finding built elsewhere (a shared check), under one of this catalog's ids. */
  put(finding: Finding & { id: Id }): void {
    this.map.set(finding.id, finding);
  }

  get(id: Id): Finding | undefined {
    return this.map.get(id);
  }

  has(id: Id): boolean {
    return this.map.has(id);
  }

  /** Adds a note to the detail of findings that were evaluated (not skipped), e.g. which attempt they come from. */
  annotate(ids: readonly Id[], note: string): void {
    for (const id of ids) {
      const f = this.map.get(id);
      if (f && f.status !== 'skip' && !f.detail.includes(note)) this.map.set(id, { ...f, detail: `${f.detail.replace(/\.$/, '')}${note}.` });
    }
  }

  /** Marks every finding not set yet (of those `which` picks) as not checked, with the reason. */
  skipRest(reason: string, which: (id: Id) => boolean = () => true): void {
    for (const id of this.catalog.ids) {
      if (!this.map.has(id) && which(id) && !this.catalog.conditional?.includes(id)) this.set(id, 'skip', reason);
    }
  }

  list(): Finding[] {
    return this.catalog.ids.map((id) => this.map.get(id)).filter((f): f is Finding => f !== undefined);
  }
}
