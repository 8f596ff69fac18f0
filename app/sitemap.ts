import type { MetadataRoute } from 'next';
import { SITE_URL } from '@/lib/site';
import { nodeIds } from '@/lib/tree';

export default function sitemap(): MetadataRoute.Sitemap {
  return [
    { url: `${SITE_URL}/`, changeFrequency: 'monthly', priority: 1 },
    ...nodeIds.map((id) => ({ url: `${SITE_URL}/guide/${id}`, changeFrequency: 'monthly' as const, priority: 0.8 })),
  ];
}
