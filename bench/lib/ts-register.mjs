// `node --import ./bench/lib/ts-register.mjs`: loads the test fixtures' TypeScript in plain Node (see ts-hooks.mjs).
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
