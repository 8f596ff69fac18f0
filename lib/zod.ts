import { z } from 'zod';

// Zod compiles faster parsers with `new Function` when it may. The page's Content-Security-Policy forbids eval, so
// in the browser that attempt only raises a policy violation before Zod falls back; parse without it everywhere.
// Every module takes zod from here, so the setting is in place before any schema is built.
z.config({ jitless: true });

export { z };
