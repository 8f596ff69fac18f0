import { config } from 'zod';

// Zod compiles faster parsers with `new Function` when it may. The page's Content-Security-Policy forbids eval, so
// in the browser that attempt only raises a policy violation before Zod falls back; parse without it everywhere.
// Every module takes zod from here, so the setting is in place before any schema is built.
config({ jitless: true });

// A star re-export, so the bundler still sees which parts of zod each module uses. Re-exporting the `z` object by
// name made it ship all of zod to the browser, its 40-odd locales included (about 60 KB compressed on /check and
// /report).
export * from 'zod';
