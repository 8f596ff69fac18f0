import { expect, test } from '@playwright/test';
import { checkAcceptGrantResponse } from './run';
import { acceptGrantInputSchema } from './input';
import { type Finding } from '@/lib/probes/findings';

const SUCCESS = { event: { header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', payloadVersion: '3', messageId: '5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4' }, payload: {} } };
const ERROR = {
  event: {
    header: { namespace: 'Alexa.Authorization', name: 'ErrorResponse', payloadVersion: '3', messageId: 'abc-123' },
    payload: { type: 'ACCEPT_GRANT_FAILED', message: 'Failed to handle the AcceptGrant directive because …' },
  },
};

const check = (value: unknown) => checkAcceptGrantResponse({ response: typeof value === 'string' ? value : JSON.stringify(value) });
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
const failing = (findings: Finding[]) => findings.filter((f) => f.status === 'fail').map((f) => f.id);
const mutate = (edit: (v: typeof SUCCESS & Record<string, unknown>) => void) => {
  const copy = structuredClone(SUCCESS) as typeof SUCCESS & Record<string, unknown>;
  edit(copy);
  return copy;
};

test('the documented success response passes', () => {
  const r = check(SUCCESS);
  expect(r.kind).toBe('success');
  expect(r.findings.every((f) => f.status === 'pass')).toBe(true);
  expect(r.findings.every((f) => f.node === 'accept-grant-response')).toBe(true);
});

test('a correlationToken string is accepted; a number is not', () => {
  expect(failing(check(mutate((v) => Object.assign(v.event.header, { correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==' }))).findings)).toEqual([]);
  expect(failing(check(mutate((v) => Object.assign(v.event.header, { correlationToken: 5 }))).findings)).toEqual(['accept-grant.correlation-token']);
});

test('the documented error response is accepted, and its outcome is a warning', () => {
  const r = check(ERROR);
  expect(r.kind).toBe('error');
  expect(failing(r.findings)).toEqual([]);
  expect(byId(r.findings, 'accept-grant.outcome')?.status).toBe('warn');
});

test('each deviation is named', () => {
  const cases: Array<[unknown, string, string]> = [
    [mutate((v) => (v.event.header.namespace = 'Alexa')), 'accept-grant.namespace', '"Alexa"'],
    [mutate((v) => (v.event.header.name = 'AcceptGrant')), 'accept-grant.name', 'name of the directive'],
    [mutate((v) => (v.event.header.name = 'Response')), 'accept-grant.name', '"Response" answers other directives'],
    [mutate((v) => (v.event.header.name = 'acceptgrant.response')), 'accept-grant.name', 'case-sensitive'],
    [mutate((v) => ((v.event.header as Record<string, unknown>).payloadVersion = 3)), 'accept-grant.payload-version', 'the number 3'],
    [mutate((v) => delete (v.event.header as Partial<typeof v.event.header>).messageId), 'accept-grant.message-id', 'missing'],
    [mutate((v) => ((v.event as Record<string, unknown>).payload = { grant: {} })), 'accept-grant.payload', '"grant"'],
    [mutate((v) => delete (v.event as Partial<typeof v.event>).payload), 'accept-grant.payload', 'missing'],
  ];
  for (const [value, id, text] of cases) {
    const r = check(value);
    expect(failing(r.findings)).toEqual([id]);
    expect(byId(r.findings, id)?.detail).toContain(text);
  }
});

test('a wrong error type or missing message fails', () => {
  const wrongType = structuredClone(ERROR);
  wrongType.event.payload.type = 'INVALID_AUTHORIZATION_CREDENTIAL';
  expect(byId(check(wrongType).findings, 'accept-grant.payload')?.detail).toContain('"ACCEPT_GRANT_FAILED"');
  const noMessage = structuredClone(ERROR) as { event: { payload: Record<string, unknown> } };
  delete noMessage.event.payload.message;
  expect(byId(check(noMessage).findings, 'accept-grant.payload')?.detail).toContain('message is missing');
});

test('wrong shapes: no event wrapper, a directive, an array, API Gateway wrapping', () => {
  expect(check({ header: SUCCESS.event.header, payload: {} }).findings[0]?.detail).toContain('inside "event"');
  const directive = { directive: { header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', payloadVersion: '3', messageId: 'x' }, payload: { grant: { type: 'OAuth2.AuthorizationCode', code: 'ANUbUKCJqlBOpMhwYWxU' } } } };
  const d = check(directive);
  expect(d.findings[0]).toMatchObject({ id: 'accept-grant.shape', status: 'fail', title: 'This is a directive (AcceptGrant), not a response' });
  expect(JSON.stringify(d)).not.toContain('ANUbUKCJqlBOpMhwYWxU');
  expect(check([SUCCESS]).findings[0]?.title).toBe('The response is an array, not an object');
  expect(check({ statusCode: 200, body: JSON.stringify(SUCCESS) }).findings[0]?.detail).toContain('API Gateway');
  expect(check({ event: { payload: {} } }).findings[0]?.id).toBe('accept-grant.header');
});

test('invalid JSON reports where, without quoting the text', () => {
  const r = check('{"event": {"header": {"namespace": "Alexa.Authorization",}}}');
  expect(r.findings[0]).toMatchObject({ id: 'accept-grant.json', status: 'fail' });
  expect(r.findings[0]?.detail).toMatch(/line 1, column 58 .*expected another property.*found "}"/);
  expect(check("{event: {}}").findings[0]?.detail).toContain('property name in double quotes');
  expect(check('{"a": "secret-token-value\n"}').findings[0]?.detail).not.toContain('secret-token-value');
  expect(check('').findings[0]?.detail).toContain('empty');
  expect(check('{"a":1}\n{"b":2}').findings[0]?.detail).toContain('line 2, column 1');
  expect(check('['.repeat(50)).findings[0]?.detail).toContain('nested more than 32');
});

test('the input schema requires text', () => {
  expect(acceptGrantInputSchema.safeParse({ response: '  ' }).success).toBe(false);
  expect(acceptGrantInputSchema.safeParse({ response: 'x'.repeat(300_000) }).error?.issues[0]?.message).toContain('too long');
});

test('each finding’s title says what the response holds', () => {
  const header = { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', payloadVersion: '3', messageId: 'm-1' };
  const cases: Array<[unknown, string, string]> = [
    [{ event: { header: { ...header, namespace: 'Alexa' }, payload: {} } }, 'accept-grant.namespace', 'namespace is "Alexa", not "Alexa.Authorization"'],
    [{ event: { header: { ...header, name: 'AcceptGrant' }, payload: {} } }, 'accept-grant.name', 'header.name is "AcceptGrant", not "AcceptGrant.Response"'],
    [{ event: { header: { ...header, payloadVersion: 3 }, payload: {} } }, 'accept-grant.payload-version', 'payloadVersion is the number 3, not the string "3"'],
    [{ event: { header: { ...header, messageId: undefined }, payload: {} } }, 'accept-grant.message-id', 'The header has no messageId'],
    [{ event: { header, payload: { grant: {} } } }, 'accept-grant.payload', 'The payload has "grant"; it must be {}'],
    [{ event: { header, payload: {} } }, 'accept-grant.payload', 'The payload is {}'],
  ];
  for (const [response, id, title] of cases) expect(check(response).findings.find((f) => f.id === id)?.title, JSON.stringify(response)).toBe(title);
});
