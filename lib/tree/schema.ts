import { FLOW_IDS } from '@/lib/flows/catalog';
import { PROBE_IDS } from '@/lib/probes/catalog';
import { z } from '@/lib/zod';


/** The four parts of Amazon's troubleshooting guide, in its order. */
export const PARTS = ['general', 'from-your-app', 'from-alexa-app', 'child-directed'] as const;
export type Part = (typeof PARTS)[number];

export const nodeIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'node ids are lower-case slugs: letters, digits and single hyphens' });

const text = z.string().trim().min(1);
const officialUrl = z.url({ protocol: /^https$/, hostname: /^developer\.amazon\.com$/ });

const linkSchema = z.object({ label: text, url: z.url({ protocol: /^https$/ }) });

const sourceSchema = z.object({
  /** The heading in the troubleshooting guide this node carries over, e.g. `Issue: "403 Forbidden" error`. */
  section: text,
  /** The official page (usually the troubleshooting guide, with an anchor) the facts come from. */
  url: officialUrl,
});

const baseNode = {
  /** Short heading of the page; also the <title>. */
  title: text,
  /** One or two sentences for search results and link previews (at most 200 characters). */
  summary: text.max(200),
  part: z.enum(PARTS),
  source: sourceSchema,
  /** Paragraphs of explanation shown above the node's main content. `backticks` render as code. */
  body: z.array(text).default([]),
  /** Error texts and phrases a user might paste; the search box matches them. */
  symptoms: z.array(text).default([]),
  /**
   * What else people type for this step, never shown: error codes, HTTP statuses, browser errors, provider names,
   * plain words ("relink", "popup"). A hit ranks the step high. `…` stands for a few words in both lists.
   */
  keywords: z.array(text).default([]),
  /**
   * Only for users in this situation (a step of the authorization code grant, a smart home step). "No, it still
   * fails" skips the step when the user said otherwise, and offers it as a choice when they have not said.
   */
  appliesWhen: z
    .strictObject({ grant: z.enum(['code', 'implicit']).optional(), skill: z.enum(['smart-home']).optional() })
    .optional(),
};

const questionSchema = z.object({
  ...baseNode,
  kind: z.literal('question'),
  question: text,
  options: z.array(z.object({ label: text, hint: text.optional(), next: nodeIdSchema })).min(2),
});

const checkSchema = z.object({
  ...baseNode,
  kind: z.literal('check'),
  /** What to verify, as steps the user can follow. */
  steps: z.array(text).min(1),
  /** The live probe that can run this check for the user. */
  probe: z.enum(PROBE_IDS).optional(),
  /** A flow (lib/flows/catalog.ts) that rehearses this part of the linking, offered beside the probe. */
  flow: z.enum(FLOW_IDS).optional(),
  /** Each possible result: what it means and where to go next. */
  outcomes: z.array(z.object({ label: text, meaning: text, next: nodeIdSchema })).min(2),
});

const resolutionSchema = z.object({
  ...baseNode,
  kind: z.literal('resolution'),
  /** The likely cause, in one or two sentences. */
  cause: text,
  /** The fix, as concrete steps. */
  fix: z.array(text).min(1),
  /** Amazon's (or a provider's) pages that document the fix. */
  links: z.array(linkSchema).min(1),
  /** The live probe that can confirm the fix. */
  probe: z.enum(PROBE_IDS).optional(),
  /** A flow that rehearses the linking to confirm the fix. */
  flow: z.enum(FLOW_IDS).optional(),
  /** Where "No, it still fails" leads: the next likely cause, or the report. */
  next: nodeIdSchema,
});

const reportSchema = z.object({
  ...baseNode,
  kind: z.literal('report'),
  /** What Amazon asks for in a Contact-us case, in the guide's order. */
  checklist: z.array(text).min(1),
  links: z.array(linkSchema).min(1),
});

export const treeNodeSchema = z.discriminatedUnion('kind', [
  questionSchema,
  checkSchema,
  resolutionSchema,
  reportSchema,
]);

export const treeSchema = z
  .record(nodeIdSchema, treeNodeSchema)
  .refine((tree) => 'start' in tree, { error: 'the tree needs a "start" node' });

export type TreeNode = z.output<typeof treeNodeSchema>;
export type NodeKind = TreeNode['kind'];
export type Tree = z.output<typeof treeSchema>;
