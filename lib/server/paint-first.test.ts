import { expect, test } from '@playwright/test';
import { runInNewContext } from 'node:vm';
import { paintFirst } from './paint-first.mjs';

// Shaped like a node page as Next 16 prerenders it: the stylesheet, a low-priority preload of one chunk, async chunk
// scripts in the head and one in the body, the noModule polyfill, and inline scripts with the page's payload.
const NEXT_PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/boot.js"/>',
  '<link rel="preload" as="font" href="/font.woff2" crossorigin=""/>',
  '<script src="/_next/static/chunks/one.js" async=""></script>',
  '<script src="/_next/static/chunks/two.js" async="" crossorigin="anonymous"></script>',
  '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
  '<title>Step</title></head><body><main><h1 id="node-title">Step</h1><a class="choice" href="/guide/next">Next</a></main>',
  '<script src="/_next/static/chunks/boot.js" async=""></script>',
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script>',
  '<script id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[]});</script>',
  '</body></html>',
].join('');

/** Runs a page's inline loader against a stand-in browser that says when frames and tasks run. */
function runLoader(html: string) {
  const loaders = [...html.matchAll(/<script>(requestAnimationFrame[\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(loaders).toHaveLength(1);
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const added: Record<string, string>[] = [];
  const document = {
    createElement: (name: string) => ({ name, attributes: {} as Record<string, string>, setAttribute(k: string, v: string) { this.attributes[k] = v; } }),
    head: { appendChild: (element: { name: string; attributes: Record<string, string> }) => added.push({ element: element.name, ...element.attributes }) },
  };
  runInNewContext(loaders[0]!, { requestAnimationFrame: (f: () => void) => frames.push(f), setTimeout: (f: () => void) => tasks.push(f), document });
  return { frames, tasks, added };
}

test("Next's async scripts leave the parser's hands, with their preloads; everything else stays as it was", () => {
  const html = paintFirst(NEXT_PAGE);
  expect(html).not.toMatch(/<script[^>]*\basync/);
  expect(html).not.toContain('as="script"');
  // Untouched: the stylesheet, other preloads, the noModule polyfill, the page, and the inline scripts in order.
  for (const kept of [
    '<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
    '<link rel="preload" as="font" href="/font.woff2" crossorigin=""/>',
    '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
    '<main><h1 id="node-title">Step</h1><a class="choice" href="/guide/next">Next</a></main>',
    '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script id="_R_">',
  ]) {
    expect(html).toContain(kept);
  }
  // The loader comes last in the body, after the payload the scripts read.
  expect(html).toMatch(/<script id="_R_">[^<]*<\/script><script>requestAnimationFrame[\s\S]*<\/script><\/body><\/html>$/);
});

test('the loader adds the same scripts, with their attributes, only in a task after the first frame', () => {
  const { frames, tasks, added } = runLoader(paintFirst(NEXT_PAGE));
  expect(added).toEqual([]);
  expect(frames).toHaveLength(1);
  frames[0]!();
  // Within the frame callback, before the frame is painted: still nothing.
  expect(added).toEqual([]);
  expect(tasks).toHaveLength(1);
  tasks[0]!();
  expect(added).toEqual([
    { element: 'script', src: '/_next/static/chunks/one.js' },
    { element: 'script', src: '/_next/static/chunks/two.js', crossorigin: 'anonymous' },
    { element: 'script', src: '/_next/static/chunks/boot.js' },
  ]);
});

test('twice is once, and a page with nothing to move is returned as it is', () => {
  const once = paintFirst(NEXT_PAGE);
  expect(paintFirst(once)).toBe(once);
  for (const page of [
    '<html><head></head><body><p>no scripts</p></body></html>',
    '<html><head><script src="/m.js" type="module" async=""></script><script src="/d.js" defer=""></script></head><body></body></html>',
  ]) {
    expect(paintFirst(page)).toBe(page);
  }
});

test('a script address cannot end the inline loader early', () => {
  const html = paintFirst('<html><head><script src="/x.js?a=</script><script>alert(1)//" async=""></script></head><body></body></html>');
  const inline = html.slice(html.indexOf('<script>requestAnimationFrame'));
  expect(inline.match(/<\/script>/g)).toHaveLength(1);
  const { frames, tasks, added } = runLoader(html);
  frames[0]!();
  tasks[0]!();
  expect(added).toEqual([{ element: 'script', src: '/x.js?a=</script><script>alert(1)//' }]);
});
