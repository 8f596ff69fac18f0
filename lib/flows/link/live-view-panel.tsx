'use client';

// The live view inside the Link Doctor page: the boxed browser's screen as it is now, where a click or tap clicks the
// page and, while the picture has focus, typing goes to the page. Escape (or "Stop typing into the page") gives the
// keyboard back. A phone's on-screen keyboard does not open for a picture, so a small text field sends text too.

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { regionLabel } from './step-labels';
import { type LinkLive } from './input';
import { LIVE_KEYS, MAX_LIVE_TEXT, type LiveKey } from './live-protocol';
import { useLiveView, type LiveViewState } from './live-view-client';
import './live-view-panel.css';

/** The keys a focused live view sends as keys rather than text; Escape is not among them (it leaves the view). */
function liveKeyOf(event: KeyboardEvent): LiveKey | null {
  if (event.key === 'Tab') return event.shiftKey ? 'Shift+Tab' : 'Tab';
  return (LIVE_KEYS as readonly string[]).includes(event.key) ? (event.key as LiveKey) : null;
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

const ENDINGS: Record<Extract<LiveViewState, { kind: 'ended' }>['outcome'], string> = {
  done: 'Signed in: Link Doctor caught the redirect and goes on with the rehearsal.',
  timeout: 'The time for the live view ran out. The rehearsal stops the sign-in here and says so.',
  cancelled: 'You cancelled the live view. The rehearsal stops the sign-in here and says so.',
  replaced: 'The live view opened in another tab or window; it goes on there.',
  gone: 'The live view has ended.',
};

export function LiveViewPanel({ live }: { live: LinkLive }) {
  const { frame, state, problem, secondsLeft, send, cancel } = useLiveView(live);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState('');
  const screen = useRef<HTMLDivElement>(null);
  const image = useRef<HTMLImageElement>(null);
  const ended = state.kind === 'ended';
  // Element ids of React's own: the session id stays in the panel's requests, not in the page's markup.
  const id = useId();
  const titleId = `${id}-title`;
  const hintId = `${id}-hint`;

  // The wheel scrolls the page in the picture, not this one: a listener that may cancel, while typing goes there.
  useEffect(() => {
    const element = screen.current;
    if (!element || ended) return;
    let pending = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWheel = (event: WheelEvent) => {
      const rect = image.current?.getBoundingClientRect();
      if (!rect || rect.width === 0) return;
      event.preventDefault();
      pending += event.deltaY;
      const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
      timer ??= setTimeout(() => {
        send({ kind: 'scroll', x, y, dy: Math.max(-2000, Math.min(2000, pending)) });
        pending = 0;
        timer = undefined;
      }, 150);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('wheel', onWheel);
      clearTimeout(timer);
    };
  }, [ended, send]);

  const onClick = (event: MouseEvent<HTMLImageElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    if (ended || rect.width === 0 || rect.height === 0) return;
    const x = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    const y = Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height));
    send({ kind: 'click', x, y });
    screen.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (ended || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      screen.current?.blur();
      return;
    }
    const key = liveKeyOf(event);
    if (key) {
      event.preventDefault();
      send({ kind: 'key', key });
    } else if (event.key.length === 1) {
      event.preventDefault();
      send(event.key === ' ' ? { kind: 'key', key: 'Space' } : { kind: 'text', text: event.key });
    }
  };

  const sendText = (thenEnter: boolean) => {
    if (text) send({ kind: 'text', text });
    if (thenEnter) send({ kind: 'key', key: 'Enter' });
    setText('');
  };

  return (
    <section className="live-view" aria-labelledby={titleId}>
      <h3 id={titleId}>Finish the sign-in yourself ({regionLabel(live.region)})</h3>
      <p>
        {live.reason}. Link Doctor cannot go on by itself here: finish the sign-in in the page below, as you would on a
        phone. The rehearsal goes on as soon as your server sends the browser back to Alexa.
      </p>
      <p className="live-view-status">
        {ended ? (
          <strong role="status">{ENDINGS[state.outcome]}</strong>
        ) : (
          <span role="timer" aria-label={`Time left: ${clock(secondsLeft)}`}>
            Time left: <strong>{clock(secondsLeft)}</strong>
          </span>
        )}
        {!ended && secondsLeft <= 30 && secondsLeft > 0 ? (
          <span className="link-sr-only" role="status">
            Less than 30 seconds left
          </span>
        ) : null}
      </p>
      {problem && !ended ? <p role="alert">{problem}</p> : null}
      {ended ? null : (
        <>
          <p id={hintId} className="live-view-hint">
            Click or tap in the picture to click the page. While the picture is outlined, what you type goes to the page
            (Enter and Tab too); press <kbd>Esc</kbd> to stop. What you type is not kept or shown anywhere by Link Doctor.
          </p>
          <div
            ref={screen}
            className="live-view-screen"
            role="application"
            aria-roledescription="live view"
            aria-label="Your sign-in page, live. Typing goes to the page while this has focus; Escape leaves."
            aria-describedby={hintId}
            tabIndex={0}
            onKeyDown={onKeyDown}
            onFocus={() => setTyping(true)}
            onBlur={() => setTyping(false)}
            data-typing={typing ? 'true' : undefined}
          >
            {frame ? (
              <img
                ref={image}
                src={frame.src}
                width={frame.width}
                height={frame.height}
                alt="The sign-in page as the headless browser shows it now"
                onClick={onClick}
                draggable={false}
              />
            ) : (
              <p className="live-view-waiting">Connecting to the browser…</p>
            )}
          </div>
          <div className="live-view-actions">
            {typing ? (
              <button type="button" className="button-secondary" onMouseDown={(e) => e.preventDefault()} onClick={() => screen.current?.blur()}>
                Stop typing into the page
              </button>
            ) : (
              <button type="button" className="button-secondary" onClick={() => screen.current?.focus()}>
                Type into the page
              </button>
            )}
            <button type="button" className="button-secondary" onClick={() => void cancel()}>
              Cancel the live view
            </button>
          </div>
          <form className="live-view-text" onSubmit={(event: FormEvent) => {
              event.preventDefault();
              sendText(false);
            }}>
            <label htmlFor={`${id}-text`}>Or send text to the field you tapped (for a phone&apos;s keyboard)</label>
            <input
              id={`${id}-text`}
              type="text"
              value={text}
              onChange={(event) => setText(event.target.value.slice(0, MAX_LIVE_TEXT))}
              autoComplete="off"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
            />
            <button type="submit" className="button-secondary">
              Send
            </button>
            <button type="button" className="button-secondary" onClick={() => sendText(true)}>
              Send and press Enter
            </button>
          </form>
        </>
      )}
    </section>
  );
}
