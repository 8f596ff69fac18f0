// @ts-check
// Node pages paint their step before Next's scripts run. Next's App Router puts its chunks in the head as async
// scripts (vercel/next.js#66958): when they arrive as fast as the stylesheet (a fast connection, a nearby server),
// they run before the first frame, and the reader waits for the framework to start before seeing text that is
// already there. In `npm run bench` the step painted 30–40 ms later than the same HTML without scripts, and a click
// on an answer, made as soon as it was on screen, showed the next step ~45% later. Making them `defer` changed
// nothing: on a page this small, deferred scripts still run before the first frame.
//
// So each page keeps the very same scripts, with their attributes, but a small inline script at the end of the body
// adds them once the first frame with the page on it has been painted (a task queued from a frame callback runs
// after that frame), and their preloads go, so the stylesheet does not share the connection with them. Every answer
// on a node page is a plain link that works before the scripts have run (what needs them, such as recording the
// step in the walk or an embedded check, starts once the page has hydrated, as it always did); a page opened in a
// background tab loads them when it is shown. lib/server/after-build.mjs applies this to the build's node pages.
import { Parser } from 'htmlparser2';

/**
 * The same HTML with its async external scripts added after the first paint instead of by the parser.
 *
 * @param {string} html a page as Next prerendered it
 * @returns {string} the page with its scripts moved, or `html` itself when it has none to move
 */
export function paintFirst(html) {
  /** @type {{ start: number, end: number }[]} */
  const cuts = [];
  /** @type {Record<string, string>[]} */
  const scripts = [];
  /** @type {{ start: number, end: number, href: string }[]} */
  const scriptPreloads = [];
  /** @type {{ start: number, attributes: Record<string, string> } | null} */
  let openScript = null;
  /** @type {{ start: number, href: string } | null} */
  let openPreload = null;

  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' && isAsyncClassicScript(attributes)) openScript = { start: parser.startIndex, attributes };
      if (name === 'link' && attributes.rel === 'preload' && attributes.as === 'script' && attributes.href) {
        openPreload = { start: parser.startIndex, href: attributes.href };
      }
    },
    onclosetag(name) {
      if (name === 'script' && openScript) {
        const kept = { ...openScript.attributes };
        delete kept.async;
        scripts.push(kept);
        cuts.push({ start: openScript.start, end: parser.endIndex + 1 });
        openScript = null;
      }
      if (name === 'link' && openPreload) {
        scriptPreloads.push({ ...openPreload, end: parser.endIndex + 1 });
        openPreload = null;
      }
    },
  });
  parser.write(html);
  parser.end();
  if (scripts.length === 0) return html;

  const moved = new Set(scripts.map((attributes) => attributes.src));
  for (const preload of scriptPreloads) if (moved.has(preload.href)) cuts.push(preload);
  cuts.sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const cut of cuts) {
    out += html.slice(from, cut.start);
    from = cut.end;
  }
  out += html.slice(from);
  const loader = `<script>${scriptLoader(scripts)}</script>`;
  const bodyEnd = out.lastIndexOf('</body>');
  return bodyEnd === -1 ? out + loader : out.slice(0, bodyEnd) + loader + out.slice(bodyEnd);
}

/** @param {Record<string, string>} attributes */
function isAsyncClassicScript(attributes) {
  const type = (attributes.type ?? '').trim().toLowerCase();
  const classic = type === '' || type === 'text/javascript' || type === 'application/javascript';
  return Boolean(attributes.src) && 'async' in attributes && classic && !('nomodule' in attributes);
}

/**
 * The inline script that adds `scripts` once the first frame has been painted. Scripts made this way are async.
 *
 * @param {Record<string, string>[]} scripts each script's attributes
 */
export function scriptLoader(scripts) {
  // `<` escaped, so no value can end the inline script early.
  const list = JSON.stringify(scripts).replace(/</g, '\\u003c');
  return `requestAnimationFrame(()=>setTimeout(()=>{for(const a of ${list}){const s=document.createElement("script");for(const k in a)s.setAttribute(k,a[k]);document.head.appendChild(s)}}))`;
}
