// Where things are: the bench runs from any working directory, against the project it lives in.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TLS_DIR = join(PROJECT_DIR, 'e2e/fixtures/tls');
export const NEXT_BIN = join(PROJECT_DIR, 'node_modules/next/dist/bin/next');
