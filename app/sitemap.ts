import type { MetadataRoute } from 'next';
import { SITE_URL } from '@/lib/site';
import { nodeIds } from '@/lib/tree';
import { PROBE_IDS } from '@/lib/probes/catalog';

export default function sitemap(): MetadataRoute.Sitemap {
  return [
    { url: `${SITE_URL}/`, changeFrequency: 'monthly', priority: 1 },
    { url: `${SITE_URL}/probe`, changeFrequency: 'monthly', priority: 0.7 },
    { url: `${SITE_URL}/link`, changeFrequency: 'monthly', priority: 0.7 },
    { url: `${SITE_URL}/relay`, changeFrequency: 'monthly', priority: 0.7 },
    ...PROBE_IDS.map((probe) => ({ url: `${SITE_URL}/probe/${probe}`, changeFrequency: 'monthly' as const, priority: 0.7 })),
    ...nodeIds.map((id) => ({ url: `${SITE_URL}/guide/${id}`, changeFrequency: 'monthly' as const, priority: 0.8 })),
  ];
}
