import { expect, test } from '@playwright/test';
import { isNodeId } from '@/lib/tree';
import { ACCEPT_GRANT_NODES } from '@/lib/probes/accept-grant/run';
import { ACCOUNT_LINKING_CONFIG_NODES } from '@/lib/config-check/configuration';
import { AUTHORIZATION_REQUEST_NODES } from '@/lib/probes/login-page/authorization-request';
import { DOMAINS_NODES } from '@/lib/probes/login-page/domains';
import { ENABLEMENT_REQUEST_NODES } from '@/lib/probes/enablement-request/findings';
import { IMPLICIT_REDIRECT_NODES } from '@/lib/probes/implicit-redirect/run';
import { PROVIDER_QUIRKS_NODES } from '@/lib/probes/provider-quirks/run';

// Every finding a module builds takes its node from the module's list (enforced by the type system); here each
// list is checked against the tree itself.
const lists: Record<string, readonly string[]> = {
  'implicit-redirect': IMPLICIT_REDIRECT_NODES,
  'enablement-request': ENABLEMENT_REQUEST_NODES,
  'accept-grant': ACCEPT_GRANT_NODES,
  'account-linking-config': ACCOUNT_LINKING_CONFIG_NODES,
  'provider-quirks': PROVIDER_QUIRKS_NODES,
  domains: DOMAINS_NODES,
  'authorization-request': AUTHORIZATION_REQUEST_NODES,
};

for (const [module, nodes] of Object.entries(lists)) {
  test(`every node ${module} can emit exists in the tree`, () => {
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.filter((id) => !isNodeId(id))).toEqual([]);
  });
}
