import { defineConfig, devices } from '@playwright/test';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS_OFF } from './lib/server/limits-config.mjs';

const PORT = Number(process.env.PORT) || 3100;
const baseURL = `http://127.0.0.1:${PORT}`;

// Playwright cannot download its own browser here: the tests drive the system Chromium (Debian's package).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// TEST ONLY: the SPKI hash of the committed loopback certificate, for the server's headless Chromium (browser mode of
// the login page probe), which does not trust the tests' CA. The server honours it only with PROBE_ALLOW_PRIVATE=1.
const TEST_CERT_SPKI = createHash('sha256')
  .update(createPublicKey(readFileSync(join(__dirname, 'e2e/fixtures/tls/localhost.pem'))).export({ type: 'spki', format: 'der' }))
  .digest('base64');

// Unit tests need no server; skipping it keeps `npm run test:unit` fast and build-free.
const unitOnly = process.argv.includes('--project=unit');

export default defineConfig({
  // Tests run server modules outside Next's server bundles, where `import 'server-only'` would throw: the test tsconfig
  // maps it to the package's empty module, as Next's server layer does.
  tsconfig: './tsconfig.test.json',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [['list'], ['github']] : 'list',
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    {
      // Browserless tests of lib/ and content/, next to the code they test.
      name: 'unit',
      testDir: '.',
      testMatch: /(lib|content|components)\/.*\.test\.tsx?$/,
    },
    {
      name: 'e2e',
      testDir: './e2e',
      testMatch: /.*\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
        },
      },
    },
  ],
  webServer: unitOnly ? undefined : {
    // `npm start` builds first when the build is missing or stale, exactly as a user's first run does.
    command: 'npm start',
    url: baseURL,
    env: {
      PORT: String(PORT),
      HOSTNAME: '127.0.0.1',
      // Probes in tests reach loopback servers that use the tests' own certificate authority.
      PROBE_ALLOW_PRIVATE: '1',
      NODE_EXTRA_CA_CERTS: 'e2e/fixtures/tls/ca.pem',
      // …and Chromium, which keeps its own trust store, ignores certificate errors for that one key (see README).
      PROBE_TEST_CHROMIUM_SPKI: TEST_CERT_SPKI,
      // The suite runs many probes from one address; e2e/limits.spec.ts tests the limits on servers of its own.
      ...LIMITS_OFF,
    },
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'pipe',
  },
});
