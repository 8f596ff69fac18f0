import { type Part } from './schema';

export const PART_LABELS: Record<Part, string> = {
  general: 'Linking from the Alexa app',
  'from-your-app': 'App-to-app linking, starting from your app',
  'from-alexa-app': 'App-to-app linking, starting from the Alexa app',
  'child-directed': 'Child-directed skills',
};
