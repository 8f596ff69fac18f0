// Smart home: check a skill's response to the Alexa.Authorization AcceptGrant directive. Alexa sends the directive after
// linking when the skill may send Alexa events, and the linking fails unless the skill handles it: AcceptGrant.Response
// with an empty payload, or an ErrorResponse of type ACCEPT_GRANT_FAILED when the grant cannot be used.

import 'server-only';
import { isRecord, jsonKind, parseJson } from '@/lib/json';
import { findingBuilder, type Finding } from '@/lib/probes/findings';
import { listWords, show, showValue } from '@/lib/probes/wording';
import { acceptGrantInputSchema, type AcceptGrantInput, type AcceptGrantResult } from './input';
import { defineProbe } from '@/lib/probes/definition';
import { formTexts } from '@/lib/form-data';

export const ACCEPT_GRANT_NODES = ['accept-grant-response'] as const;
const finding = findingBuilder<(typeof ACCEPT_GRANT_NODES)[number]>();
const NODE = 'accept-grant-response';

const NAMESPACE = 'Alexa.Authorization';
const SUCCESS_NAME = 'AcceptGrant.Response';
const ERROR_NAME = 'ErrorResponse';
const ERROR_TYPE = 'ACCEPT_GRANT_FAILED';

const SUCCESS_EXAMPLE = '{"event":{"header":{"namespace":"Alexa.Authorization","name":"AcceptGrant.Response","payloadVersion":"3","messageId":"<a new UUID>"},"payload":{}}}';

export function checkAcceptGrantResponse(input: AcceptGrantInput): AcceptGrantResult {
  const text = typeof input.response === 'string' ? input.response.trim() : '';
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return { kind: 'unknown', findings: [finding('accept-grant.json', 'fail', 'The response is not valid JSON', parsed.error.message, 'Paste the exact JSON your Lambda function returns (log it with JSON.stringify).', NODE)] };
  }
  const root = parsed.value;
  if (!isRecord(root)) {
    return {
      kind: 'unknown',
      findings: [finding('accept-grant.shape', 'fail', `The response is ${jsonKind(root)}, not an object`, `The response is ${jsonKind(root)}; Alexa expects an object with an event.`, `Return an object such as ${SUCCESS_EXAMPLE}.`, NODE)],
    };
  }
  if ('directive' in root) return { kind: 'unknown', findings: [directiveFinding(root)] };

  const event = root.event;
  if (!isRecord(event)) return { kind: 'unknown', findings: [missingEventFinding(root)] };

  const findings: Finding[] = [];
  const header = event.header;
  if (!isRecord(header)) {
    findings.push(finding('accept-grant.header', 'fail', header === undefined ? 'The event has no header' : `event.header is ${jsonKind(header)}, not an object`, header === undefined ? 'The event has no header object.' : `event.header is ${jsonKind(header)}, not an object.`, `Add the header: ${SUCCESS_EXAMPLE}.`, NODE));
    return { kind: 'unknown', findings };
  }
  findings.push(namespaceFinding(header.namespace));
  const name = nameFinding(header.name);
  findings.push(name.finding);
  findings.push(payloadVersionFinding(header.payloadVersion));
  findings.push(messageIdFinding(header.messageId));
  if ('correlationToken' in header && typeof header.correlationToken !== 'string') {
    findings.push(finding('accept-grant.correlation-token', 'fail', `correlationToken is ${showValue(header.correlationToken, 30)}, not a string`, `header.correlationToken is ${showValue(header.correlationToken, 40)}.`, 'Leave correlationToken out (AcceptGrant is synchronous) or copy the directive\'s value as a string.', NODE));
  }
  if (name.kind === 'success') findings.push(successPayloadFinding(event));
  if (name.kind === 'error') findings.push(...errorPayloadFindings(event));
  return { kind: name.kind, findings };
}

function directiveFinding(root: Record<string, unknown>): Finding {
  const directive = root.directive;
  const name = isRecord(directive) && isRecord(directive.header) ? directive.header.name : undefined;
  return finding(
    'accept-grant.shape',
    'fail',
    `This is a directive${typeof name === 'string' ? ` (${name.slice(0, 40)})` : ''}, not a response`,
    `The JSON has a top-level "directive"${typeof name === 'string' ? ` named ${show(name, 40)}` : ''}: that is what Alexa sends to your skill, not what your skill answers.`,
    `Paste what your Lambda function returns for it. It should read ${SUCCESS_EXAMPLE}.`,
    NODE,
  );
}

function missingEventFinding(root: Record<string, unknown>): Finding {
  const keys = Object.keys(root);
  let detail = keys.length === 0 ? 'The response is an empty object.' : `The response has no "event" object; its top-level fields are ${listWords(keys.slice(0, 8).map((k) => show(k, 30)))}.`;
  if ('header' in root || 'payload' in root) detail += ' The header and payload must sit inside "event".';
  else if ('statusCode' in root && 'body' in root) detail += ' It looks like an API Gateway proxy response; a smart home Lambda function returns the event object itself.';
  else if ('response' in root) detail += ' It looks like a custom skill response; smart home directives need an event.';
  return finding('accept-grant.shape', 'fail', keys.length === 0 ? 'The response is an empty object' : 'The response has no event object', detail, `Return the event object: ${SUCCESS_EXAMPLE}.`, NODE);
}

function namespaceFinding(namespace: unknown): Finding {
  if (namespace === NAMESPACE) return finding('accept-grant.namespace', 'pass', 'Namespace is Alexa.Authorization', 'header.namespace is "Alexa.Authorization".', '', NODE);
  const detail = namespace === undefined ? 'header.namespace is missing.' : `header.namespace is ${showValue(namespace, 60)}.`;
  return finding('accept-grant.namespace', 'fail', namespace === undefined ? 'The header has no namespace' : `namespace is ${showValue(namespace, 40)}, not "Alexa.Authorization"`, `${detail} Both the success and the error response use "Alexa.Authorization".`, 'Set "namespace": "Alexa.Authorization".', NODE);
}

function nameFinding(name: unknown): { finding: Finding; kind: AcceptGrantResult['kind'] } {
  if (name === SUCCESS_NAME) return { kind: 'success', finding: finding('accept-grant.name', 'pass', 'The response is AcceptGrant.Response', 'header.name is "AcceptGrant.Response", the success response.', '', NODE) };
  if (name === ERROR_NAME) return { kind: 'error', finding: finding('accept-grant.name', 'pass', 'The response is an ErrorResponse', 'header.name is "ErrorResponse", the documented error response.', '', NODE) };
  let detail = name === undefined ? 'header.name is missing.' : `header.name is ${showValue(name, 60)}.`;
  if (name === 'AcceptGrant') detail += ' That is the name of the directive; the answer is named "AcceptGrant.Response".';
  else if (typeof name === 'string' && name.toLowerCase() === SUCCESS_NAME.toLowerCase()) detail += ' The name is case-sensitive.';
  else if (name === 'Response') detail += ' "Response" answers other directives; AcceptGrant wants "AcceptGrant.Response".';
  return {
    kind: 'unknown',
    finding: finding('accept-grant.name', 'fail', name === undefined ? 'The header has no name' : `header.name is ${showValue(name, 40)}, not "AcceptGrant.Response"`, `${detail} Use "AcceptGrant.Response" on success or "ErrorResponse" on failure.`, 'Set "name": "AcceptGrant.Response" (or "ErrorResponse" with an ACCEPT_GRANT_FAILED payload).', NODE),
  };
}

function payloadVersionFinding(version: unknown): Finding {
  if (version === '3') return finding('accept-grant.payload-version', 'pass', 'payloadVersion is "3"', 'header.payloadVersion is the string "3".', '', NODE);
  let detail = version === undefined ? 'header.payloadVersion is missing.' : `header.payloadVersion is ${showValue(version, 30)}.`;
  if (version === 3) detail = 'header.payloadVersion is the number 3; it must be the string "3".';
  return finding('accept-grant.payload-version', 'fail', version === undefined ? 'The header has no payloadVersion' : `payloadVersion is ${version === 3 ? 'the number 3' : showValue(version, 20)}, not the string "3"`, detail, 'Set "payloadVersion": "3" (a string, in quotes).', NODE);
}

function messageIdFinding(messageId: unknown): Finding {
  if (typeof messageId === 'string' && messageId.trim() !== '') return finding('accept-grant.message-id', 'pass', `messageId is ${show(messageId, 40)}`, `header.messageId is ${show(messageId, 60)}.`, '', NODE);
  const detail = messageId === undefined ? 'header.messageId is missing.' : `header.messageId is ${typeof messageId === 'string' ? 'empty' : jsonKind(messageId)}.`;
  return finding('accept-grant.message-id', 'fail', messageId === undefined ? 'The header has no messageId' : `messageId is ${typeof messageId === 'string' ? 'empty' : jsonKind(messageId)}`, detail, 'Set "messageId" to a new unique ID (a UUID) for each response.', NODE);
}

function successPayloadFinding(event: Record<string, unknown>): Finding {
  const payload = event.payload;
  if (isRecord(payload) && Object.keys(payload).length === 0) {
    return finding('accept-grant.payload', 'pass', 'The payload is {}', 'event.payload is {}, as the success response requires. Alexa can complete the linking.', '', NODE);
  }
  const detail =
    payload === undefined
      ? 'event.payload is missing; the success response carries an empty object.'
      : isRecord(payload)
        ? `event.payload has ${listWords(Object.keys(payload).slice(0, 8).map((k) => show(k, 30)))}; the success response allows no properties in it.`
        : `event.payload is ${jsonKind(payload)}, not an empty object.`;
  return finding('accept-grant.payload', 'fail', payload === undefined ? 'The event has no payload' : isRecord(payload) ? `The payload has ${listWords(Object.keys(payload).slice(0, 3).map((k) => show(k, 30)))}; it must be {}` : `The payload is ${jsonKind(payload)}, not {}`, detail, 'Return "payload": {} with AcceptGrant.Response; keep the grant details (code, token) to yourself.', NODE);
}

function errorPayloadFindings(event: Record<string, unknown>): Finding[] {
  const payload = event.payload;
  if (!isRecord(payload)) {
    return [finding('accept-grant.payload', 'fail', payload === undefined ? 'The ErrorResponse has no payload' : `The error payload is ${jsonKind(payload)}, not an object`, payload === undefined ? 'An ErrorResponse needs a payload with type and message; there is none.' : `event.payload is ${jsonKind(payload)}, not an object.`, 'Return "payload": {"type": "ACCEPT_GRANT_FAILED", "message": "…"}.', NODE)];
  }
  const problems: string[] = [];
  if (payload.type !== ERROR_TYPE) problems.push(payload.type === undefined ? 'payload.type is missing' : `payload.type is ${showValue(payload.type, 60)}, and the only type AcceptGrant allows is "ACCEPT_GRANT_FAILED"`);
  if (typeof payload.message !== 'string' || payload.message.trim() === '') problems.push('payload.message is missing or empty');
  if (problems.length > 0) {
    return [finding('accept-grant.payload', 'fail', `The error payload is wrong: ${payload.type === ERROR_TYPE ? 'payload.message is missing or empty' : payload.type === undefined ? 'payload.type is missing' : `payload.type is ${showValue(payload.type, 40)}`}`, `${problems.join('; ')}.`, 'Return "payload": {"type": "ACCEPT_GRANT_FAILED", "message": "what went wrong"}.', NODE)];
  }
  return [
    finding('accept-grant.payload', 'pass', 'The error payload has type ACCEPT_GRANT_FAILED and a message', 'The payload has type "ACCEPT_GRANT_FAILED" and a message.', '', NODE),
    finding(
      'accept-grant.outcome',
      'warn',
      'The skill refuses the grant (ErrorResponse)',
      `The response is a valid ErrorResponse, so Alexa reports the linking as failed. The skill's message: ${show(payload.message as string, 200)}.`,
      "Find out why the grant fails (usually the exchange of payload.grant.code at https://api.amazon.com/auth/o2/token, which needs the Alexa client ID and secret from the skill's PERMISSIONS page) and answer with AcceptGrant.Response once it works.",
      NODE,
    ),
  ];
}

/** The AcceptGrant response check, as the registry runs it. */
export const acceptGrantProbe = defineProbe({
  id: 'accept-grant',
  schema: acceptGrantInputSchema,
  fromForm: (form) => formTexts(form, ['response']),
  run: checkAcceptGrantResponse,
});
