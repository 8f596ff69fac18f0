// SERVER-ONLY: the checks of pasted input on the probes' one executor, shaped as the JSON API answers them. They reach
// no network, but each costs the server some work: a caller's are counted against PASTED_CHECKS_PER_MINUTE.
import { acceptGrantInputSchema, checkAcceptGrantResponse, type AcceptGrantResult } from '@/lib/checks/accept-grant';
import { checkEnablementRequest, enablementRequestInputSchema, type EnablementRequestResult } from '@/lib/checks/enablement-request';
import { checkImplicitRedirect, implicitRedirectInputSchema, type ImplicitRedirectResult } from '@/lib/checks/implicit-redirect';
import { checkProviderQuirks, providerQuirksInputSchema, type ProviderQuirksResult } from '@/lib/checks/provider-quirks';
import { admitPastedCheck, executeProbe, type ProbeCaller, type ProbeOutcome } from '@/lib/probe/execute';
import { type Finding } from '@/lib/probe/types';
import { type ProbeId } from '@/lib/tree';

/** A check's result as the API answers it: which probe, whether Alexa would accept it, then the check's own fields. */
export type CheckProbeResult<P extends ProbeId, R> = { probe: P; ok: boolean } & R;

export type ImplicitRedirectProbeResult = CheckProbeResult<'implicit-redirect', ImplicitRedirectResult>;
export type EnablementRequestProbeResult = CheckProbeResult<'enablement-request', EnablementRequestResult>;
export type AcceptGrantProbeResult = CheckProbeResult<'accept-grant', AcceptGrantResult>;
export type ProviderQuirksProbeResult = CheckProbeResult<'provider-quirks', ProviderQuirksResult>;

function asProbeResult<P extends ProbeId, R extends { findings: readonly Finding[] }>(probe: P, result: R): CheckProbeResult<P, R> {
  return { probe, ok: !result.findings.some((f) => f.status === 'fail'), ...result };
}

export function executeImplicitRedirectCheck(raw: unknown, caller?: ProbeCaller): Promise<ProbeOutcome<ImplicitRedirectProbeResult>> {
  return executeProbe(implicitRedirectInputSchema, raw, (input) => asProbeResult('implicit-redirect', checkImplicitRedirect(input)), () => admitPastedCheck(caller));
}

export function executeEnablementRequestCheck(raw: unknown, caller?: ProbeCaller): Promise<ProbeOutcome<EnablementRequestProbeResult>> {
  return executeProbe(enablementRequestInputSchema, raw, (input) => asProbeResult('enablement-request', checkEnablementRequest(input)), () => admitPastedCheck(caller));
}

export function executeAcceptGrantCheck(raw: unknown, caller?: ProbeCaller): Promise<ProbeOutcome<AcceptGrantProbeResult>> {
  return executeProbe(acceptGrantInputSchema, raw, (input) => asProbeResult('accept-grant', checkAcceptGrantResponse(input)), () => admitPastedCheck(caller));
}

export function executeProviderQuirksCheck(raw: unknown, caller?: ProbeCaller): Promise<ProbeOutcome<ProviderQuirksProbeResult>> {
  return executeProbe(providerQuirksInputSchema, raw, (input) => asProbeResult('provider-quirks', checkProviderQuirks(input)), () => admitPastedCheck(caller));
}
