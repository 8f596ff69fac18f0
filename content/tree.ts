import { defineTree } from '@/lib/tree/define-tree';

const GUIDE = 'https://developer.amazon.com/en-US/docs/alexa/account-linking/troubleshooting-account-linking.html';

/** Temporary stub: the full tree replaces it. */
export const rawTree = defineTree({
  start: {
    kind: 'question',
    part: 'general',
    title: 'Where does account linking go wrong?',
    summary: 'Pick the kind of account linking that fails, and Link Doctor walks you to the cause and the fix.',
    source: { section: 'Troubleshooting Account Linking', url: GUIDE },
    question: 'Which flow fails?',
    options: [
      { label: 'Linking from the Alexa app', next: 'token-exchange' },
      { label: 'Something else', next: 'contact-amazon' },
    ],
  },
  'token-exchange': {
    kind: 'check',
    part: 'general',
    title: 'Check the token exchange',
    summary: 'Alexa swaps the authorization code for tokens at your access token URI; most failures happen here.',
    source: { section: 'Issue: Account linking is unsuccessful', url: GUIDE },
    steps: ['Open your authorization server logs.'],
    probe: 'token',
    outcomes: [
      { label: 'It returns an error', meaning: 'Alexa gives up.', next: 'slow-token-response' },
      { label: 'It looks fine', meaning: 'Look elsewhere.', next: 'contact-amazon' },
    ],
  },
  'slow-token-response': {
    kind: 'resolution',
    part: 'general',
    title: 'Answer the token request within 4.5 seconds',
    summary: 'Alexa abandons a token request after 4.5 seconds.',
    source: { section: 'Issue: Account linking is unsuccessful', url: GUIDE },
    cause: 'The server is too slow.',
    fix: ['Make it faster.'],
    links: [{ label: 'Troubleshooting account linking', url: GUIDE }],
    next: 'contact-amazon',
  },
  'contact-amazon': {
    kind: 'report',
    part: 'general',
    title: 'Contact Amazon',
    summary: 'File a Contact-us case.',
    source: { section: 'For more help, contact Amazon', url: GUIDE },
    checklist: ['The skill ID.'],
    links: [{ label: 'Contact us', url: 'https://developer.amazon.com/support/contact-us' }],
  },
});
