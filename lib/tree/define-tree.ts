import { type z } from '@/lib/zod';
import { type treeNodeSchema } from './schema';

type NodeInput = z.input<typeof treeNodeSchema>;

/** A node as written in content/, with every edge typed as one of the tree's own ids. */
type NodeDef<Id extends string> = NodeInput extends infer N
  ? N extends { kind: 'question'; options: readonly (infer O)[] }
    ? Omit<N, 'options'> & { options: readonly (Omit<O, 'next'> & { next: Id })[] }
    : N extends { kind: 'check'; outcomes: readonly (infer O)[] }
      ? Omit<N, 'outcomes'> & { outcomes: readonly (Omit<O, 'next'> & { next: Id })[] }
      : N extends { kind: 'resolution' }
        ? Omit<N, 'next'> & { next: Id }
        : N
  : never;

/**
 * Identity at run time; at compile time it makes a typo in any `next` a type error,
 * so a dangling edge never reaches the build.
 */
export function defineTree<const T extends { [K in keyof T]: NodeDef<Extract<keyof T, string>> }>(nodes: T): T {
  return nodes;
}
