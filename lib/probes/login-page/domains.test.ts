import { expect, test } from '@playwright/test';
import { compareHosts, normaliseHost } from './domains';
import { FindingSet } from '@/lib/probes/findings';
import { LOGIN_FINDINGS, sourceHintFindings } from './findings';
import { extractHosts, metaRefreshUrl, parseSrcset } from './html';
import { extractCssHosts, scanCss } from './css';
import { MAX_HOSTS, mergeHosts, type HostSource } from './hosts';

const PAGE = 'https://login.example.com/oauth/authorize?client_id=x';

const hostMap = (hosts: HostSource[]) => Object.fromEntries(hosts.map((h) => [h.host, h.foundIn]));

test('every kind of reference is found, with where it was found', () => {
  const html = `<!doctype html><html><head>
    <script src="https://scripts.example.net/app.js"></script>
    <script type="module" src="//modules.example.net/m.js"></script>
    <link rel="stylesheet" href="https://styles.example.net/site.css">
    <link rel="preload" as="font" href="https://fonts.gstatic.com/f.woff2" crossorigin>
    <link rel="prefetch" href="https://prefetch.example.net/next.js">
    <link rel="modulepreload" href="https://mp.example.net/chunk.js">
    <link rel="shortcut icon" href="https://icons.example.net/favicon.ico">
    <link rel="canonical" href="https://canonical.example.net/">
    <link rel="preconnect" href="https://preconnect.example.net">
    <meta http-equiv="Refresh" content="30; URL='https://refresh.example.net/again'">
    <style>
      @import url("https://import.example.net/a.css");
      @import 'https://import2.example.net/b.css';
      body { background: url(https://bg.example.net/bg.png) }
      /* url(https://comment.example.net/x.png) */
      .hero { background-image: image-set("https://set.example.net/1x.png" 1x, url(https://set2.example.net/2x.png) 2x); }
    </style>
  </head><body style="background: url('https://inline.example.net/i.png')">
    <img src="https://img.example.net/a.png" srcset="https://srcset.example.net/a-1x.png 1x, https://srcset2.example.net/a,2x.png 2x">
    <picture><source srcset="https://picture.example.net/p.webp" type="image/webp"><source src="https://src.example.net/s.webm"></picture>
    <video src="https://video.example.net/v.mp4" poster="https://poster.example.net/p.jpg"><track src="https://track.example.net/t.vtt"></video>
    <audio src="https://audio.example.net/a.mp3"></audio>
    <iframe src="https://frame.example.net/embed"></iframe>
    <frame src="https://frame2.example.net/f">
    <embed src="https://embed.example.net/e.swf"><object data="https://object.example.net/o.pdf"></object>
    <form action="https://form.example.net/login" method="post"><input type="image" src="https://inputimg.example.net/go.png"><button formaction="https://formaction.example.net/x">Go</button></form>
    <svg><image href="https://svgimage.example.net/i.svg"/></svg>
    <a href="https://link.example.net/help">Help</a>
    <img src="data:image/png;base64,AAAA"><img src="blob:https://blob.example.net/1"><a href="mailto:a@b.c">m</a>
    <script src="javascript:void(0)"></script><iframe src="about:blank"></iframe>
    <img src="/relative.png"><img src="relative2.png">
    <img src="HTTPS://UPPER.Example.NET./x.png">
    <img src="https://bücher.example/x.png">
  </body></html>`;
  const r = extractHosts(html, PAGE);
  const map = hostMap(r.hosts);
  expect(map).toMatchObject({
    'scripts.example.net': ['script src'],
    'modules.example.net': ['script src'],
    'styles.example.net': ['stylesheet'],
    'fonts.gstatic.com': ['link rel=preload'],
    'prefetch.example.net': ['link rel=prefetch'],
    'mp.example.net': ['link rel=modulepreload'],
    'icons.example.net': ['icon'],
    'refresh.example.net': ['meta refresh'],
    'import.example.net': ['style @import'],
    'import2.example.net': ['style @import'],
    'bg.example.net': ['style url()'],
    'set.example.net': ['style url()'],
    'set2.example.net': ['style url()'],
    'inline.example.net': ['style attribute url()'],
    'img.example.net': ['img src'],
    'srcset.example.net': ['img srcset'],
    'srcset2.example.net': ['img srcset'],
    'picture.example.net': ['source srcset'],
    'src.example.net': ['source src'],
    'video.example.net': ['video src'],
    'poster.example.net': ['video poster'],
    'track.example.net': ['track src'],
    'audio.example.net': ['audio src'],
    'frame.example.net': ['iframe src'],
    'frame2.example.net': ['frame src'],
    'embed.example.net': ['embed src'],
    'object.example.net': ['object data'],
    'form.example.net': ['form action'],
    'inputimg.example.net': ['input type=image'],
    'formaction.example.net': ['button formaction'],
    'svgimage.example.net': ['svg image'],
    'login.example.com': ['img src'],
    'upper.example.net': ['img src'],
    'xn--bcher-kva.example': ['img src'],
  });
  for (const absent of ['comment.example.net', 'canonical.example.net', 'preconnect.example.net', 'link.example.net', 'blob.example.net']) {
    expect(map[absent], absent).toBeUndefined();
  }
  expect(r.stylesheets).toEqual(['https://styles.example.net/site.css', 'https://import.example.net/a.css', 'https://import2.example.net/b.css']);
  expect(r.truncated).toBe(false);
  expect(r.capped).toBe(false);
});

test('<base href> changes how relative references resolve', () => {
  const r = extractHosts('<base href="https://cdn.example.org/assets/"><img src="logo.png"><script src="//js.example.org/x.js"></script>', PAGE);
  expect(hostMap(r.hosts)).toEqual({ 'cdn.example.org': ['img src'], 'js.example.org': ['script src'] });
  expect(r.baseUrl).toBe('https://cdn.example.org/assets/');
  // Protocol-relative URLs count even without a usable page URL.
  expect(hostMap(extractHosts('<img src="//cdn.example.org/a.png"><img src="rel.png">', 'not a url').hosts)).toEqual({ 'cdn.example.org': ['img src'] });
});

test('entities in attributes are decoded before resolving', () => {
  const r = extractHosts('<img src="https&#58;//ent.example.net/a.png?x=1&amp;y=2">', PAGE);
  expect(hostMap(r.hosts)).toEqual({ 'ent.example.net': ['img src'] });
});

test('stylesheets followed one level: url() and @import against the stylesheet URL', () => {
  const css = `@import "theme.css"; @font-face { src: url(../fonts/a.woff2) format("woff2"), url("https://fonts.example.com/b.woff"); }
    .x { background: URL( 'https://images.example.com/x.png' ) } .y { content: "url(https://not-a-url.example.com/)"; }`;
  const r = extractCssHosts(css, 'https://styles.example.net/css/site.css');
  expect(hostMap(r.hosts)).toEqual({
    'styles.example.net': ['stylesheet @import', 'stylesheet url()'],
    'fonts.example.com': ['stylesheet url()'],
    'images.example.com': ['stylesheet url()'],
  });
  expect(r.imports).toEqual(['https://styles.example.net/css/theme.css']);
  const merged = mergeHosts([{ host: 'a.com', foundIn: ['img src'] }], [{ host: 'a.com', foundIn: ['stylesheet url()'] }, { host: 'b.com', foundIn: ['x'] }]);
  expect(merged).toEqual([{ host: 'a.com', foundIn: ['img src', 'stylesheet url()'] }, { host: 'b.com', foundIn: ['x'] }]);
});

test('small parsers: srcset, meta refresh, CSS scanner edge cases', () => {
  expect(parseSrcset('a.png 1x,b.png 2x, c.png 300w, data:image/png;base64,AA== 3x')).toEqual(['a.png', 'b.png', 'c.png', 'data:image/png;base64,AA==']);
  expect(parseSrcset('  ,, a.png,b.png 2x,c.png')).toEqual(['a.png,b.png', 'c.png']);
  expect(metaRefreshUrl('0;url=https://x.com/')).toBe('https://x.com/');
  expect(metaRefreshUrl('5 ; URL = "https://y.com/a"')).toBe('https://y.com/a');
  expect(metaRefreshUrl('5')).toBeNull();
  expect(scanCss('url(')).toEqual([{ ref: '', kind: 'url' }]);
  expect(scanCss('a{b:url(x y)}')).toEqual([{ ref: 'x', kind: 'url' }]);
  expect(scanCss('nourl(x) myurl(y)')).toEqual([]);
  expect(scanCss('"unterminated\nurl(z)')).toEqual([{ ref: 'z', kind: 'url' }]);
});

test('pop-ups and dialogs in the page source are reported as hints', () => {
  const html = `<a href="/help" target="_blank">Help</a><form target="_BLANK" action="/x"></form>
    <button onclick="window.open('https://social.example.com/login','p','width=500')">Sign in</button>
    <script>if (bad) { alert("Wrong password"); } window.confirm('sure?'); myLib.alert('not a dialog'); self . open ( u );</script>
    <script type="application/ld+json">{"alert": "alert('x')"}</script>
    <a href="javascript:window.showModalDialog('x')">x</a>`;
  const { sourceHints } = extractHosts(html, PAGE);
  const summary = sourceHints.map((h) => `${h.kind}@${h.foundIn}×${h.count}`).sort();
  expect(summary).toEqual([
    'alert@inline script×1',
    'confirm@inline script×1',
    'showModalDialog@javascript: link×1',
    'target-blank@a target=_blank×1',
    'target-blank@form target=_blank×1',
    'window.open@inline script×1',
    'window.open@onclick attribute×1',
  ]);
  const hinted = new FindingSet(LOGIN_FINDINGS);
  sourceHintFindings(hinted, sourceHints);
  const [popup, dialog] = hinted.list();
  expect(popup).toMatchObject({ id: 'login.popup', status: 'warn', node: 'tip-no-popups' });
  expect(dialog).toMatchObject({ id: 'login.dialog', status: 'warn' });
  const clean = new FindingSet(LOGIN_FINDINGS);
  sourceHintFindings(clean, []);
  expect(clean.list().map((f) => f.status)).toEqual(['pass', 'pass']);
});

test('the exact-host rule: oauth.sample.com is not covered by sample.com', () => {
  const required = [
    { host: 'oauth.sample.com', foundIn: ['form action'] },
    { host: 'cdn.sample.com', foundIn: ['img src', 'img srcset'] },
    { host: 'LOGIN.example.com', foundIn: ['script src'] },
    { host: 'fonts.gstatic.com', foundIn: ['stylesheet url()'] },
    { host: 'xn--bcher-kva.example', foundIn: ['img src'] },
  ];
  const r = compareHosts(required, 'https://login.example.com/authorize', ['sample.com', 'CDN.Sample.com.', 'https://fonts.gstatic.com/', 'bücher.example', 'sample.com']);
  expect(r.listed).toEqual(['sample.com', 'cdn.sample.com', 'fonts.gstatic.com', 'xn--bcher-kva.example']);
  expect(r.missing).toEqual([{ host: 'oauth.sample.com', foundIn: ['form action'] }]);
  expect(r.covered.map((c) => `${c.host}:${c.by}`)).toEqual([
    'cdn.sample.com:Domain List',
    'login.example.com:authorization URI',
    'fonts.gstatic.com:Domain List',
    'xn--bcher-kva.example:Domain List',
  ]);
  expect(r.finding).toMatchObject({ id: 'login.domains', status: 'fail', node: 'domain-list-missing' });
  expect(r.finding.detail).toContain('oauth.sample.com (form action; sample.com is listed, but it does not cover oauth.sample.com)');
  expect(r.finding.fix).toContain('Add oauth.sample.com');

  const ok = compareHosts([{ host: 'login.example.com', foundIn: ['img src'] }], 'https://login.example.com/a', []);
  expect(ok.finding).toMatchObject({ status: 'pass', node: 'login-page-domains' });
  expect(compareHosts([], 'https://login.example.com/a', []).finding.detail).toContain('nothing from other hosts');
  const tooMany = compareHosts(Array.from({ length: 10 }, (_, i) => ({ host: `h${i}.x.com`, foundIn: ['img src'] })), 'https://a.com', Array.from({ length: 8 }, (_, i) => `l${i}.x.com`));
  expect(tooMany.finding.detail).toContain("over Amazon's limit of 15");
  expect(normaliseHost('  Example.COM.  ')).toBe('example.com');
  expect(normaliseHost('*.example.com')).toBe('*.example.com');
  expect(normaliseHost('')).toBeNull();
  expect(normaliseHost('exa mple')).toBeNull();
});

test('hostile input: 1e6 <link> tags, many hosts, pathological CSS — bounded and fast', () => {
  const started = Date.now();
  const huge = '<link rel="stylesheet" href="https://cdn.example.com/a.css">'.repeat(1_000_000);
  const r = extractHosts(huge, PAGE);
  expect(r.truncated).toBe(true);
  expect(r.hosts).toEqual([{ host: 'cdn.example.com', foundIn: ['stylesheet'] }]);

  const manyHosts = Array.from({ length: 2000 }, (_, i) => `<img src="https://h${i}.example.com/x.png">`).join('');
  const capped = extractHosts(manyHosts, PAGE);
  expect(capped.hosts).toHaveLength(MAX_HOSTS);
  expect(capped.capped).toBe(true);

  const css = `${'url('.repeat(200_000)}${'/*'.repeat(100_000)}${'@import '.repeat(50_000)}${'"'.repeat(100_000)}`;
  expect(() => extractCssHosts(css, 'https://a.com/x.css')).not.toThrow();
  const script = `<script>${'alert '.repeat(200_000)}${' '.repeat(500_000)}window${' '.repeat(500_000)}</script>`;
  expect(() => extractHosts(script, PAGE)).not.toThrow();
  expect(Date.now() - started).toBeLessThan(1500);
});

test('malformed HTML never throws', () => {
  for (const html of ['', '<', '<<<>>>', '<img src=', '<img src="https://a.com', '<script>', '<style>url(', '<svg><style>url(https://s.example.com/x)</style></svg>', '\u0000\uffff']) {
    expect(() => extractHosts(html, PAGE)).not.toThrow();
  }
  expect(hostMap(extractHosts('<svg><style>url(https://s.example.com/x)</style></svg>', PAGE).hosts)).toEqual({ 's.example.com': ['style url()'] });
});

