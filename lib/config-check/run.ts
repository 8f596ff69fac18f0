// checks a whole account-linking configuration and runs every probe that applies, in parallel.
import 'server-only';
import { configFindings } from './configuration';
import { LIKELIHOOD, type SkillType } from '@/lib/alexa';
import { normaliseAccountLinkingConfig, parseAccountLinkingConfig, type AccountLinkingConfig } from './smapi-config';
import { checkProviderQuirks } from '@/lib/probes/provider-quirks/run';
import { ProbeScope, type ClaimAddresses } from '@/lib/limits/probe-scope';
import { admitCaller, runProbe, type ProbeCaller } from '@/lib/probes/execute';
import { type ProbeOutcome } from '@/lib/probes/state';
import { createRedactor } from '@/lib/probes/redact';
import { type Finding } from '@/lib/probes/findings';
import { nodeTitlesFor } from '@/lib/tree';
import { problemKey } from '@/lib/report/triage';
import { type CheckInput } from './input';
import { parseUrl } from '@/lib/probes/urls';

export type CheckStepId = 'config' | 'provider' | 'token' | 'login-page' | 'app-links';

export interface CheckStep {
  id: CheckStepId;
  label: string;
  /** done: findings below; skipped: did not apply (message says why); refused/error: could not run. */
  status: 'done' | 'skipped' | 'refused' | 'error';
  findings: Finding[];
  message?: string;
  elapsedMs: number;
}

export type CheckEvent =
  /** The steps that will run, and the configuration as read (it holds no secret). */
  | { type: 'plan'; steps: { id: CheckStepId; label: string }[]; config: AccountLinkingConfig | null; skillType?: SkillType }
  | { type: 'step'; step: CheckStep }
  /** Instead of the steps: over a rate limit or a concurrency cap, so no probe ran. */
  | { type: 'limited'; message: string; retryAfterSeconds: number }
  | { type: 'summary'; ok: boolean; rejected: Finding[]; warnings: Finding[]; nodeTitles: Record<string, string> };

interface PlannedStep {
  id: CheckStepId;
  label: string;
  run: () => Promise<Omit<CheckStep, 'id' | 'label' | 'elapsedMs'>>;
  /** The URLs the step will call, for the limits; none for steps that stay on the server. */
  targets?: string[];
}

export const STEP_LABELS: Record<CheckStepId, string> = {
  config: 'The configuration itself',
  provider: 'Known OAuth provider rules',
  token: 'Access token URI',
  'login-page': 'Login page and Domain List',
  'app-links': 'App Links and Universal Links',
};

// App-to-app redirect URLs usually share one or two domains; more would only repeat the same files.
const MAX_APP_LINK_HOSTS = 3;



function fromOutcome<R extends { findings: Finding[] }>(outcome: ProbeOutcome<R>) {
  switch (outcome.kind) {
    case 'done':
      return { status: 'done' as const, findings: outcome.result.findings };
    case 'invalid':
      return { status: 'error' as const, findings: [], message: outcome.issues.map((i) => i.message).join(' ') || outcome.message };
    case 'refused':
      return { status: 'refused' as const, findings: [], message: outcome.message };
    default:
      return { status: 'error' as const, findings: [], message: outcome.message };
  }
}

type ParsedConfig = Extract<ReturnType<typeof readConfig>, { ok: true }>;

function readConfig(input: CheckInput) {
  if (input.config !== undefined) return parseAccountLinkingConfig(input.config);
  return normaliseAccountLinkingConfig(Object.fromEntries(Object.entries(input.fields ?? {}).filter(([, v]) => v !== undefined)));
}

function tokenStep(input: CheckInput, config: AccountLinkingConfig): Pick<PlannedStep, 'run' | 'targets'> {
  const missing = [
    !config.accessTokenUrl && 'the access token URI',
    !config.clientId && 'the client ID',
    !input.clientSecret && 'the client secret',
    !input.code && !input.refreshToken && 'a fresh authorization code or a refresh token',
  ].filter(Boolean);
  if (config.type === 'IMPLICIT') return { run: async () => ({ status: 'skipped', findings: [], message: 'The implicit grant has no token exchange.' }) };
  if (missing.length > 0) {
    return {
      run: async () => ({ status: 'skipped', findings: [], message: `Not run: enter ${missing.join(', ')} to call the token URI as Alexa does.` }),
    };
  }
  const grant = input.code
    ? { type: 'authorization_code', code: input.code, redirectUri: input.codeRedirectUri ?? '' }
    : { type: 'refresh_token', refreshToken: input.refreshToken };
  return {
    targets: [config.accessTokenUrl!],
    run: async () =>
      fromOutcome(
        await runProbe('token', {
          tokenUri: config.accessTokenUrl,
          clientId: config.clientId,
          clientSecret: input.clientSecret,
          scheme: config.accessTokenScheme ?? 'HTTP_BASIC',
          grant,
          // Alexa falls back on it when a reply has no expires_in, so the token probe checks it then.
          ...(Number.isInteger(config.defaultTokenExpirationInSeconds) && config.defaultTokenExpirationInSeconds! > 0
            ? { defaultTokenExpirationInSeconds: config.defaultTokenExpirationInSeconds }
            : {}),
        }),
      ),
  };
}

function plan(input: CheckInput, parsed: ParsedConfig): PlannedStep[] {
  const { config } = parsed;
  const lint = configFindings(parsed, input.skillType);
  // A problem the configuration's own check already names (the authorization or token URI's port) is not listed again
  // by a probe.
  const namedByLint = new Set(lint.filter((f) => f.status === 'fail' || f.status === 'warn').map((f) => problemKey(f.id)));
  const notNamedYet = (findings: Finding[]) => findings.filter((f) => f.status === 'pass' || f.status === 'skip' || !namedByLint.has(problemKey(f.id)));
  const named = <S extends Pick<PlannedStep, 'run'>>(step: S): S => ({
    ...step,
    run: async () => {
      const result = await step.run();
      return { ...result, findings: notNamedYet(result.findings) };
    },
  });
  const steps: PlannedStep[] = [
    {
      id: 'config',
      label: STEP_LABELS.config,
      run: async () => ({ status: 'done', findings: lint }),
    },
    { id: 'token', label: STEP_LABELS.token, ...named(tokenStep(input, config)) },
  ];
  if (config.authorizationUrl) {
    const loginPage = {
      authorizationUri: config.authorizationUrl,
      domains: config.domains,
      mode: input.browser ? 'browser' : 'static',
      clientId: config.clientId ?? undefined,
      scopes: config.scopes,
      redirectUri: input.codeRedirectUri,
      responseType: config.type === 'IMPLICIT' ? 'token' : 'code',
    };
    steps.push({
      id: 'login-page',
      label: STEP_LABELS['login-page'],
      targets: [config.authorizationUrl],
      ...named({ run: async () => fromOutcome(await runProbe('login-page', loginPage)) }),
    });
  }
  const appLinkHosts = [...new Set(config.redirectUrls.flatMap((url) => parseUrl(url)?.host ?? []))].slice(0, MAX_APP_LINK_HOSTS);
  if (appLinkHosts.length > 0) {
    steps.push({
      id: 'app-links',
      label: STEP_LABELS['app-links'],
      targets: appLinkHosts.map((host) => `https://${host}/`),
      run: async () => {
        const outcomes = await Promise.all(appLinkHosts.map((host) => runProbe('app-links', { url: `https://${host}/` })));
        const results = outcomes.map(fromOutcome);
        const failed = results.find((r) => r.status !== 'done');
        const findings = results.flatMap((r, i) =>
          r.findings.map((f) => (appLinkHosts.length > 1 ? { ...f, title: `${appLinkHosts[i]}: ${f.title}` } : f)),
        );
        return failed && findings.length === 0 ? failed : { status: 'done', findings };
      },
    });
  }
  if (config.authorizationUrl || config.accessTokenUrl) {
    steps.push({
      id: 'provider',
      label: STEP_LABELS.provider,
      run: async () => {
        const result = checkProviderQuirks({
          authorizationUri: config.authorizationUrl ?? undefined,
          accessTokenUri: config.accessTokenUrl ?? undefined,
          scopes: config.scopes,
        });
        return { status: 'done', findings: result.findings };
      },
    });
  }
  return steps;
}

/**
 * Yields the plan, then each step as soon as it finishes, then the summary. Steps run in parallel. With a caller,
 * the whole check is admitted past the limits once (one slot per host it calls), or yields `limited` and stops.
 */
export async function* runConfigurationCheck(input: CheckInput, caller?: ProbeCaller): AsyncGenerator<CheckEvent> {
  const parsed = readConfig(input);
  // The token step redacts its own result; the login page and the well-known files never receive the secrets, but
  // the developer's pages can still show them (an alert, a package name), so every event is redacted on the way out.
  const clientId = parsed.ok ? parsed.config.clientId : null;
  const redactor = createRedactor(
    [
      { value: input.clientSecret ?? '', label: 'client secret' },
      { value: input.code ?? '', label: 'authorization code' },
      { value: input.refreshToken ?? '', label: 'refresh token' },
    ],
    clientId && input.clientSecret ? [{ id: clientId, secret: input.clientSecret }] : [],
  );
  for await (const event of checkEvents(input, parsed, caller)) yield redactor.redactDeep(event);
}

async function* checkEvents(input: CheckInput, parsed: ReturnType<typeof readConfig>, caller?: ProbeCaller): AsyncGenerator<CheckEvent> {
  if (!parsed.ok) {
    const finding: Finding = {
      id: 'config.parse',
      status: 'fail',
      title: 'The configuration could not be read',
      detail: parsed.error.message,
      fix: 'Paste the JSON printed by ask smapi get-account-linking-info -s <skill ID>, or type the fields.',
      node: 'grant-type',
    };
    yield { type: 'plan', steps: [{ id: 'config', label: STEP_LABELS.config }], config: null };
    yield { type: 'step', step: { id: 'config', label: STEP_LABELS.config, status: 'done', findings: [finding], elapsedMs: 0 } };
    yield summarise([{ id: 'config', label: STEP_LABELS.config, status: 'done', findings: [finding], elapsedMs: 0 }]);
    return;
  }

  const steps = plan(input, parsed);
  const admission = await admitCaller(
    caller,
    steps.flatMap((step) => step.targets ?? []),
    { browser: input.browser === true && steps.some((step) => step.id === 'login-page') },
  );
  if (!admission.ok) {
    yield { type: 'limited', message: admission.message, retryAfterSeconds: admission.retryAfterSeconds };
    return;
  }
  try {
    yield* runSteps(input, parsed.config, steps, admission.claimAddresses);
  } finally {
    admission.release();
  }
}

async function* runSteps(
  input: CheckInput,
  config: AccountLinkingConfig,
  steps: PlannedStep[],
  claim: ClaimAddresses | undefined,
): AsyncGenerator<CheckEvent> {
  yield {
    type: 'plan',
    steps: steps.map(({ id, label }) => ({ id, label })),
    config,
    ...(input.skillType ? { skillType: input.skillType } : {}),
  };

  const pending = new Map<CheckStepId, Promise<CheckStep>>();
  for (const step of steps) {
    const started = performance.now();
    const finished = (result: Omit<CheckStep, 'id' | 'label' | 'elapsedMs'>): CheckStep => ({
      id: step.id,
      label: step.label,
      ...result,
      elapsedMs: Math.round(performance.now() - started),
    });
    pending.set(
      step.id,
      // Each step's probe counts the addresses its targets resolve to against this check's admission.
      new ProbeScope(claim)
        .run(() => step.run())
        .then(finished, () => finished({ status: 'error', findings: [], message: 'This check stopped unexpectedly.' })),
    );
  }
  const done: CheckStep[] = [];
  while (pending.size > 0) {
    const step = await Promise.race(pending.values());
    pending.delete(step.id);
    done.push(step);
    yield { type: 'step', step };
  }
  yield summarise(done);
}

function summarise(steps: CheckStep[]): Extract<CheckEvent, { type: 'summary' }> {
  const ordered = [...steps].sort((a, b) => LIKELIHOOD.indexOf(a.id) - LIKELIHOOD.indexOf(b.id));
  // One problem once, even when two checks name it.
  const seen = new Set<string>();
  const once = (f: Finding) => {
    const key = problemKey(f.id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const rejected = ordered.flatMap((s) => s.findings.filter((f) => f.status === 'fail')).filter(once);
  const warnings = ordered.flatMap((s) => s.findings.filter((f) => f.status === 'warn')).filter(once);
  return { type: 'summary', ok: rejected.length === 0, rejected, warnings, nodeTitles: nodeTitlesFor([...rejected, ...warnings]) };
}
