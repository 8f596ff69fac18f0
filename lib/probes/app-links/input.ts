// Input and result shapes of the app links probe (`/probe/app-links`): a redirect URL's domain must serve
// /.well-known/assetlinks.json (Android App Links) and /.well-known/apple-app-site-association (iOS Universal Links).
// Client-safe: zod and types only.

import { z } from '@/lib/zod';
import { withoutControlCharacters } from '@/lib/probes/control-characters';
import type { Timing } from '@/lib/net';
import type { Finding } from '@/lib/probes/findings';

/** A SHA-256 certificate fingerprint in Android's form (AA:BB:… , 32 upper-case pairs), or null when it is not one. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.trim().replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return hex.toUpperCase().match(/../g)?.join(':') ?? null;
}

/** Android application ID: two or more dot-separated segments, each starting with a letter. */
export const ANDROID_PACKAGE_RE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
/** Apple app ID: a 10-character team ID, a dot, the bundle ID. */
export const APPLE_APP_ID_RE = /^[A-Za-z0-9]{10}\.[A-Za-z0-9][A-Za-z0-9.-]*$/;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const appLinksProbeInputSchema = z.object({
  /** The redirect URL (its path is checked against the iOS patterns) or just its domain. */
  url: withoutControlCharacters(
    z
      .string({ error: 'Enter your redirect URL or its domain.' })
      .trim()
      .min(1, { error: 'Enter your redirect URL or its domain.' })
      .max(2048, { error: 'The URL is too long (over 2048 characters).' }),
    'redirect URL',
  )
    // A bare domain means https://<domain>/.
    .transform((v) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`))
    .pipe(z.url({ protocol: /^https$/, error: 'Enter an https:// URL or a domain: App Links and Universal Links only work over https.' })),
  packageName: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(256, { error: 'The package name is too long.' })
      .regex(ANDROID_PACKAGE_RE, { error: 'An Android package name looks like com.example.app.' })
      .optional(),
  ),
  sha256Fingerprint: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .max(200, { error: 'The fingerprint is too long.' })
      .transform((v, ctx) => {
        const normalized = normalizeFingerprint(v);
        if (normalized === null) {
          ctx.addIssue({ code: 'custom', message: 'A SHA-256 fingerprint is 32 hexadecimal pairs, like AB:CD:…:EF (from keytool or the Play Console).' });
          return z.NEVER;
        }
        return normalized;
      })
      .optional(),
  ),
  appId: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(256, { error: 'The app ID is too long.' })
      .regex(APPLE_APP_ID_RE, { error: 'An Apple app ID is the team ID, a dot and the bundle ID, like ABCDE12345.com.example.app.' })
      .optional(),
  ),
  /** Which platforms the app runs on. `auto` infers them from what is given (see `appPlatforms`). */
  platforms: z.preprocess(emptyToUndefined, z.enum(['auto', 'android', 'ios', 'both'], { error: 'Choose Android, iOS, both, or "work it out".' }).default('auto')),
});

export type AppLinksPlatformChoice = 'auto' | 'android' | 'ios' | 'both';

/** The platforms whose file is checked, and how Link Doctor knows. */
export interface AppLinksPlatforms {
  android: boolean;
  ios: boolean;
  /** In words: "you chose Android only", "inferred from the package name" … */
  because: string;
}

/**
 * The platforms to check: the one chosen, or, on `auto`, those the given identifiers name (a package name or a
 * fingerprint means Android, an Apple app ID means iOS). Nothing given, or both kinds: both files are checked.
 */
export function appPlatforms(input: { platforms?: AppLinksPlatformChoice; packageName?: string | undefined; sha256Fingerprint?: string | undefined; appId?: string | undefined }): AppLinksPlatforms {
  const choice = input.platforms ?? 'auto';
  if (choice === 'android') return { android: true, ios: false, because: 'you said the app runs on Android only' };
  if (choice === 'ios') return { android: false, ios: true, because: 'you said the app runs on iOS only' };
  if (choice === 'both') return { android: true, ios: true, because: 'you said the app runs on Android and iOS' };
  const androidGiven = Boolean(input.packageName || input.sha256Fingerprint);
  const iosGiven = Boolean(input.appId);
  const androidWhat = input.packageName && input.sha256Fingerprint ? 'a package name and a fingerprint' : input.packageName ? 'a package name' : 'a fingerprint';
  if (androidGiven && !iosGiven) return { android: true, ios: false, because: `only Android identifiers were given (${androidWhat})` };
  if (iosGiven && !androidGiven) return { android: false, ios: true, because: 'only an Apple app ID was given' };
  if (iosGiven) return { android: true, ios: true, because: 'identifiers of both platforms were given' };
  return { android: true, ios: true, because: 'no platform or app identifier was given, so both files were checked' };
}

export type AppLinksProbeInput = z.output<typeof appLinksProbeInputSchema>;
export type AppLinksProbeFormValues = z.input<typeof appLinksProbeInputSchema>;

// ---- result ---------------------------------------------------------------------------------------------------------

export const APP_LINKS_FINDING_IDS = [
  'applinks.port',
  'applinks.android.fetch',
  'applinks.android.status',
  'applinks.android.content-type',
  'applinks.android.json',
  'applinks.android.relation',
  'applinks.android.package',
  'applinks.android.fingerprint',
  'applinks.android.autoverify',
  'applinks.ios.fetch',
  'applinks.ios.status',
  'applinks.ios.content-type',
  'applinks.ios.json',
  'applinks.ios.details',
  'applinks.ios.app-id',
  'applinks.ios.paths',
] as const;
export type AppLinksFindingId = (typeof APP_LINKS_FINDING_IDS)[number];

export interface WellKnownFile {
  url: string;
  /** null when no response came back. */
  status: number | null;
  contentType: string | null;
  bytes: number;
  /** The Location of a redirect (never followed). */
  redirectTo?: string;
  /** Network failure, size cap or refusal, in words. */
  problem?: string;
  /** The request's phases, when it was sent. */
  timing?: Timing;
}

export interface AndroidStatement {
  packageName: string;
  /** As written in the file. */
  fingerprints: string[];
}

export interface IosAppEntry {
  appIds: string[];
  /** `paths` (before iOS 13) or `components` (iOS 13+). */
  form: 'paths' | 'components';
  patterns: string[];
}

export interface AppLinksProbeResult {
  probe: 'app-links';
  /** True when no finding failed. */
  ok: boolean;
  findings: Finding[];
  /** The host checked (with the port when not 443). */
  domain: string;
  /** The redirect URL's path checked against the iOS patterns; null when only a domain was given. */
  path: string | null;
  /** The platforms checked; the other platform's file was not fetched. */
  platforms: AppLinksPlatforms;
  files: {
    android: WellKnownFile & { statements: AndroidStatement[] };
    ios: WellKnownFile & { apps: IosAppEntry[] };
  };
  timing: Timing;
  privateMode: boolean;
}
