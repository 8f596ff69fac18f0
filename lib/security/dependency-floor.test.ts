import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareVersions, DEPENDENCY_FLOORS, NODE_FLOOR } from './dependency-floor';

function installedVersion(name: string): string {
  const file = path.resolve(__dirname, '../../node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

for (const [name, floor] of Object.entries(DEPENDENCY_FLOORS)) {
  test(`${name} is at least ${floor}, the first release free of known advisories`, () => {
    const installed = installedVersion(name);
    expect(compareVersions(installed, floor), `${name} ${installed} is older than ${floor}`).toBeGreaterThanOrEqual(0);
  });
}

test(`Node.js is at least ${NODE_FLOOR}, a maintained LTS line`, () => {
  expect(compareVersions(process.versions.node, NODE_FLOOR), `Node ${process.versions.node} is past end of life`).toBeGreaterThanOrEqual(0);
});

test('versions compare by number, and a pre-release is older than its release', () => {
  expect(compareVersions('16.4.6', '16.4.1')).toBe(1);
  expect(compareVersions('16.10.0', '16.9.9')).toBe(1);
  expect(compareVersions('16.4.1', '16.4.1')).toBe(0);
  expect(compareVersions('16.3.8', '16.4.1')).toBe(-1);
  expect(compareVersions('16.4.1-canary.3', '16.4.1')).toBe(-1);
  expect(compareVersions('19.2.9', '19.3.1')).toBe(-1);
});
