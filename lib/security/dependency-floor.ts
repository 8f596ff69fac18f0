/**
 * The oldest releases of the framework we accept: free of every published advisory (CVE-2026-126187, the RSC remote
 * code execution, is fixed in next 16.4.1 and react 19.3.1) and at Next's latest security release, 16.4.6.
 * Raise a floor here when a new advisory is published; `npm test` then fails until the dependency is upgraded.
 */
export const DEPENDENCY_FLOORS = {
  next: '16.4.6',
  react: '19.3.1',
  'react-dom': '19.3.1',
} as const;

/**
 * The oldest Node.js we run on: the start of the 22 LTS line. Node 20 reached end of life on 2026-04-30 and gets no
 * more security fixes; the tests run on 24.
 */
export const NODE_FLOOR = '22.12.0';

/** Compares dotted release versions (a pre-release counts as older than its release). */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const partsA = coreA.split('.').map(Number);
  const partsB = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (partsA[i] ?? 0) - (partsB[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}
