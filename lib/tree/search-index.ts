import { type SearchEntry } from '@/lib/search';
import { tree } from './index';

export const searchIndex: SearchEntry[] = Object.entries(tree).map(([id, node]) => ({
  id,
  title: node.title,
  summary: node.summary,
  symptoms: node.symptoms,
  keywords: node.keywords,
}));
