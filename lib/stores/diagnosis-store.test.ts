import { expect, test } from '@playwright/test';
import { MAX_EVIDENCE, migrateDiagnosis, nextPath, withEvidence, type VisitedNode } from './diagnosis-store';
import { type WalkStep } from '@/lib/report/schema';

const start: WalkStep = { id: 'start', title: 'Start' };
const symptoms: WalkStep = { id: 'symptoms', title: 'Symptoms', answer: 'From the Alexa app' };

function node(id: string, incoming: Record<string, string>, canonical: WalkStep[] = []): VisitedNode {
  return { id, title: id.toUpperCase(), incoming, canonical };
}

test('continues the walk along an answer of the last step', () => {
  const path = nextPath([start, symptoms], node('check', { symptoms: 'Unable to link' }));
  expect(path.map((s) => s.id)).toEqual(['start', 'symptoms', 'check']);
  expect(path.at(-1)).toEqual({ id: 'check', title: 'CHECK', answer: 'Unable to link' });
});

test('going back to a step already taken cuts the walk there', () => {
  const path = nextPath([start, symptoms, { id: 'check', title: 'Check' }], node('symptoms', {}));
  expect(path.map((s) => s.id)).toEqual(['start', 'symptoms']);
});

test('a page reached from elsewhere starts over from its canonical path', () => {
  const canonical = [start, { id: 'deep', title: 'Deep', answer: 'Yes' }];
  expect(nextPath([start, symptoms], node('deep', { other: 'x' }, canonical))).toEqual(canonical);
  expect(nextPath([], node('deep', {}, canonical))).toEqual(canonical);
});

test('reloading the current page keeps the walk as it was', () => {
  const walked = [start, symptoms];
  expect(nextPath(walked, node('symptoms', { start: 'From the Alexa app' }))).toEqual(walked);
});

test('an answer clicked before its page had its scripts is recovered from the page that loaded this one', () => {
  const check = node('check', { symptoms: 'Unable to link', other: 'Other' }, [start, { id: 'symptoms', title: 'Symptoms' }, { id: 'check', title: 'CHECK' }]);
  // Nothing recorded yet (the user landed on "symptoms" and answered at once): the canonical path, with the answer.
  expect(nextPath([], check, 'symptoms')).toEqual([start, { id: 'symptoms', title: 'Symptoms' }, { id: 'check', title: 'CHECK', answer: 'Unable to link' }]);
  // The page that loaded this one is in the walk already: the walk goes on from there, not from its last step.
  const walked = [start, symptoms, { id: 'deeper', title: 'Deeper', answer: 'No' }];
  expect(nextPath(walked, check, 'symptoms')).toEqual([start, symptoms, { id: 'check', title: 'CHECK', answer: 'Unable to link' }]);
  // The referrer wins over the last recorded step: it says where the click was made.
  expect(nextPath([start, { id: 'other', title: 'Other' }, { id: 'symptoms', title: 'Symptoms' }], check, 'other').map((s) => s.answer)).toEqual([undefined, undefined, 'Other']);
});

test('a page that loaded this one without an answer leading here changes nothing', () => {
  const canonical = [start, { id: 'check', title: 'CHECK' }];
  // Not an answer of that page (a link from a note, say): as if there were no referrer.
  expect(nextPath([start, symptoms], node('check', { symptoms: 'Unable to link' }, canonical), 'elsewhere').at(-1)).toEqual({ id: 'check', title: 'CHECK', answer: 'Unable to link' });
  expect(nextPath([], node('check', {}, canonical), 'symptoms')).toEqual(canonical);
  // An answer of a page neither in the walk nor on the canonical path: no path through it is known.
  expect(nextPath([], node('check', { far: 'Far' }, canonical), 'far')).toEqual(canonical);
  // A reload keeps the walk, whatever loaded the page first.
  expect(nextPath([start, symptoms], node('symptoms', { start: 'From the Alexa app' }), 'start')).toEqual([start, symptoms]);
});

test('a version 1 diagnosis keeps its walk and evidence and gains an empty report draft', () => {
  const v1 = { path: [start], evidence: [{ title: 'Configuration check', at: '2026-11-24T14:00:00.000Z', findings: [] }] };
  expect(migrateDiagnosis(v1, 1)).toEqual({ ...v1, config: null, reportDraft: null });
  expect(migrateDiagnosis(undefined, 1)).toEqual({ path: [], evidence: [], config: null, reportDraft: null });
});

test('a newer run of the same check on the same target replaces the older one; other runs stay, newest first', () => {
  const run = (probe: string | undefined, target: string, at: string) => ({ title: `${probe} ${target}`, ...(probe ? { probe, target } : {}), at, findings: [] });
  const older = [run('token', 'https://a.example/token', '1'), run('login-page', 'https://a.example/authorize', '2'), run(undefined, '', '3')];
  const after = withEvidence(older, [run('token', 'https://a.example/token', '4')]);
  expect(after.map((e) => e.at)).toEqual(['4', '2', '3']);
  // Another target of the same probe is another run; results carried before runs had a key all stay.
  expect(withEvidence(after, [run('token', 'https://b.example/token', '5'), run(undefined, '', '6')]).map((e) => e.at)).toEqual(['5', '6', '4', '2', '3']);
  // At most MAX_EVIDENCE, the oldest dropped.
  const many = Array.from({ length: MAX_EVIDENCE + 3 }, (_, i) => run('token', `https://t${i}.example/`, String(i)));
  expect(withEvidence([], many)).toHaveLength(MAX_EVIDENCE);
});
