// The headless browser's entry point: `@/lib/net/browser`. It is an entry of its own, not part of `@/lib/net`, because
// it brings playwright-core, the box and the egress proxy with it, and only the login page probe's browser mode needs
// them (and the Link as Alexa rehearsal, which drives a page through a session): every other user of the network layer
// loads none of that. See ./README.md. Server only.

import 'server-only';

export { PROXY_MAX_CONNECTIONS_PER_ADDRESS } from './egress-proxy';
export { namespaceOptions } from './isolation';
export { BrowserUnavailable, chromiumPath, isBrowserUnavailable } from './launch';
export { BROWSER_SLOTS, loadPageInBrowser, type BrowserLoad, type BrowserLoadOptions } from './load-page';
export { MB } from './memory-cap';
export type { ProxyEvent } from './proxy-gate';
export { BrowserSessionTimedOut, withBrowserSession, type BrowserSession, type BrowserSessionOptions } from './session';
export { isSlotUnavailable, SlotUnavailable } from './semaphore';
export { withTestOnlyChromiumSpki } from './test-only-spki';
