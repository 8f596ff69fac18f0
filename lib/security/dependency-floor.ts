/**
 * The oldest releases of the framework that are free of known security advisories. Source: the advisory table in
 * shared/reference/security.md §2 — CVE-2026-126187 (RSC remote code execution, GHSA-xqc2-xf4c-x3h3 /
 * GHSA-673q-mjm6-r5xr) is fixed in next 16.4.1 and react 19.3.1; every older advisory there is fixed earlier.
 * Raise a floor here when a new advisory is published; `npm test` then fails until the dependency is upgraded.
 */
export const DEPENDENCY_FLOORS = {
  next: '16.4.1',
  react: '19.3.1',
  'react-dom': '19.3.1',
} as const;

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
