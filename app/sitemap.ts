import type { MetadataRoute } from 'next';
import { SITE_URL } from '@/lib/site';
import { PROBES_WITH_FORMS } from '@/lib/probe-catalog';
import { nodeIds } from '@/lib/tree';

export default function sitemap(): MetadataRoute.Sitemap {
  return [
    { url: `${SITE_URL}/`, changeFrequency: 'monthly', priority: 1 },
    { url: `${SITE_URL}/probe`, changeFrequency: 'monthly', priority: 0.7 },
    ...PROBES_WITH_FORMS.map((probe) => ({ url: `${SITE_URL}/probe/${probe}`, changeFrequency: 'monthly' as const, priority: 0.7 })),
    ...nodeIds.map((id) => ({ url: `${SITE_URL}/guide/${id}`, changeFrequency: 'monthly' as const, priority: 0.8 })),
  ];
}
