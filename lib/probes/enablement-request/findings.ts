// The guide steps the Skill Enablement API request check may link to, and the builder each of its parts makes
// findings with (so a finding can only name one of these steps).
import { findingBuilder } from '@/lib/probes/findings';

export const ENABLEMENT_REQUEST_NODES = [
  'enablement-400',
  'enablement-bearer-case',
  'enablement-customer-token',
  'enablement-auth-code-mismatch',
  'enablement-401',
  'enablement-403',
  'enablement-invalid-credentials',
  'enablement-could-not-contact',
  'enablement-not-called',
  'contact-amazon',
] as const;

export const finding = findingBuilder<(typeof ENABLEMENT_REQUEST_NODES)[number]>();
