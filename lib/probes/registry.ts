import 'server-only';
import { type z } from '@/lib/zod';
import { type ProbeId } from './catalog';
import { acceptGrantProbe } from './accept-grant/run';
import { appLinksProbe } from './app-links/run';
import { enablementRequestProbe } from './enablement-request/run';
import { implicitRedirectProbe } from './implicit-redirect/run';
import { finalUrlProbe } from './final-url/run';
import { loginPageProbe } from './login-page/run';
import { providerQuirksProbe } from './provider-quirks/run';
import { tokenProbe } from './token/run';

/** Every probe's definition, by id: what the executor, the server action and the JSON API run. */
export const REGISTRY = {
  token: tokenProbe,
  'login-page': loginPageProbe,
  'implicit-redirect': implicitRedirectProbe,
  'final-url': finalUrlProbe,
  'app-links': appLinksProbe,
  'enablement-request': enablementRequestProbe,
  'accept-grant': acceptGrantProbe,
  'provider-quirks': providerQuirksProbe,
} as const satisfies { [Id in ProbeId]: { id: Id } };

type Definition<Id extends ProbeId> = (typeof REGISTRY)[Id];

/** A probe's result as the API answers it: which probe, whether Alexa would accept it, then the probe's own fields. */
export type ProbeResult<Id extends ProbeId> = { probe: Id; ok: boolean } & Awaited<ReturnType<Definition<Id>['run']>>;

/** What tests may inject into a probe's run: a resolver, an address policy, deadlines. */
export type ProbeOptions<Id extends ProbeId> = Parameters<Definition<Id>['run']>[1];

export type ProbeInput<Id extends ProbeId> = z.output<Definition<Id>['schema']>;
