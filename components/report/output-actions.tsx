'use client';

import { useEffect, useRef, useState } from 'react';

/** Copies with the Clipboard API; where it is missing or refused, through a hidden textarea and execCommand. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/** A copy button with a visible, announced "Copied" status. `text` is read at click time (it may add the password). */
export function CopyButton({ label, text }: { label: string; text: () => string }) {
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = async () => {
    const ok = await copyText(text());
    setStatus(ok ? 'Copied' : 'Could not copy: select the text and copy it yourself.');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), 5000);
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {status}
      </span>
    </>
  );
}

/** Saves text as a file, made in the browser: nothing is uploaded. */
export function DownloadButton({ label, name, type, text }: { label: string; name: string; type: string; text: () => string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([text()], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button type="button" className="button-secondary" onClick={download}>
      {label}
    </button>
  );
}
