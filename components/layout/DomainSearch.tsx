'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

// Unicode IDNs too (a node may list `bücher.de`); the domain page matches either form.
const DOMAIN = /^[\p{L}\p{N}]([\p{L}\p{M}\p{N}.-]*[\p{L}\p{M}\p{N}])?\.[\p{L}\p{M}\p{N}.-]*[\p{L}\p{M}\p{N}]$/iu;

/**
 * Jump box, focused with `/` from anywhere (unless typing in a field). A domain name opens its
 * drill-down; anything else (a fragment, `domain/vmta`) searches the queue list.
 */
export function DomainSearch() {
  const router = useRouter();
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const go = (toQueues: boolean) => {
    const v = text.trim().toLowerCase();
    if (!v) return;
    router.push(!toQueues && DOMAIN.test(v) ? `/domains/${encodeURIComponent(v)}` : `/queues?q=${encodeURIComponent(v)}`);
    ref.current?.blur();
  };
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        go(false);
      }}
    >
      <input
        ref={ref}
        type="search"
        aria-label="Search domains"
        data-testid="domain-search"
        placeholder="Domain…  ( / )"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') ref.current?.blur();
          if (e.key === 'Enter' && e.shiftKey) {
            e.preventDefault();
            go(true);
          }
        }}
        title="Enter: open the domain · Shift+Enter: search queues"
        size={28}
      />
    </form>
  );
}
