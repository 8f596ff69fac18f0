// The one list of flows: features that run several steps against the developer's servers, each at a page of its own
// (`/<id>`), with a folder `lib/flows/<id>/`. The guide's steps offer one with `flow: '<id>'`, as they offer a probe
// with `probe: '<id>'`. Plain data, safe for client code and for the tree's schema to import.

export interface FlowEntry {
  id: string;
  /** Its name, as the guide's steps and /check show it. */
  label: string;
  /** What it does, in one line. */
  summary: string;
  /** What the guide's offer asks the reader to do. */
  action: string;
}

export const FLOWS = [
  {
    id: 'link',
    label: 'Link as Alexa',
    summary:
      'Rehearses the whole account linking with your test account: signs in on your login page, passes the consent, catches the code, exchanges it at your token URI and refreshes the tokens, and shows the first step that breaks.',
    action: 'Rehearse the linking with a test account',
  },
  {
    id: 'relay',
    label: 'Recording relay',
    summary:
      'Two URLs to put in the console in place of your authorization and token URIs: link from the Alexa app and watch what Alexa sent and what your server answered, secrets removed, each token answer judged as the token probe judges it. No AWS account needed.',
    action: 'Make a recording relay',
  },
] as const satisfies readonly FlowEntry[];

export type FlowId = (typeof FLOWS)[number]['id'];
export const FLOW_IDS = FLOWS.map((f) => f.id) as [FlowId, ...FlowId[]];

export function flowEntry(id: FlowId): FlowEntry {
  return FLOWS.find((f) => f.id === id)!;
}
