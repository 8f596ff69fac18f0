// The guide's node pages, listed from the app's own sitemap (app/sitemap.ts writes one URL per node of the tree),
// so the bench needs no TypeScript to read content/tree.ts and cannot drift from it.
export async function nodePaths(app) {
  const xml = await (await fetch(`${app.url}/sitemap.xml`)).text();
  const paths = [...xml.matchAll(/<loc>[^<]*?(\/guide\/[^/<]+)<\/loc>/g)].map((m) => m[1]);
  if (paths.length === 0) throw new Error('The sitemap lists no /guide/<node> pages.');
  return paths;
}
