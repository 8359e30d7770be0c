'use client';
// A menu (or a small dialog) that opens in the browser's top layer — the native popover API —
// so no table cell's `overflow: hidden`, sticky header or stacking context can clip it or take
// its clicks. The browser gives light dismiss and Escape; this adds placement under the button
// that opens it (flipped above when there is no room, kept inside the viewport) and arrow-key
// movement between its `role="menuitem"` children. The opener is a button with
// `popoverTarget={id}`: the browser toggles the popover and excludes that button from light
// dismiss, so clicking it again closes instead of closing-then-reopening.
import { useCallback, useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  id: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  role?: 'menu' | 'dialog';
  label: string;
  minWidth?: number;
  children: ReactNode;
}

const GAP = 2;
const EDGE = 8;

const items = (el: HTMLElement) => [...el.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')];

export function PopoverMenu({ id, open, onOpenChange, role = 'menu', label, minWidth = 160, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  const place = useCallback(() => {
    const el = ref.current;
    const anchor = el && document.querySelector<HTMLElement>(`[popovertarget="${CSS.escape(id)}"]`);
    if (!el || !anchor) return;
    const a = anchor.getBoundingClientRect();
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const left = Math.max(EDGE, Math.min(a.right - w, window.innerWidth - w - EDGE));
    const below = a.bottom + GAP;
    const top = below + h > window.innerHeight - EDGE && a.top - GAP - h >= EDGE ? a.top - GAP - h : below;
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
  }, [id]);

  // The owner closes it (an action finished): hide the top-layer element too.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!open && el.matches(':popover-open')) el.hidePopover();
    if (!open) return;
    place();
    items(el)[0]?.focus();
    // Content changes size (a menu becomes a confirmation form); the page scrolls under it.
    const ro = new ResizeObserver(place);
    ro.observe(el);
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      ro.disconnect();
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [open, place]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = items(e.currentTarget);
    if (list.length === 0) return;
    const at = list.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    list[(next + list.length) % list.length]!.focus();
  };

  const style: CSSProperties = { position: 'fixed', inset: 'auto', margin: 0, minWidth, maxWidth: `calc(100vw - ${2 * EDGE}px)` };
  return (
    <div
      ref={ref}
      id={id}
      popover="auto"
      role={role}
      aria-label={label}
      className="panel popover-menu"
      style={style}
      onToggle={(e) => onOpenChange(e.newState === 'open')}
      onKeyDown={onKeyDown}
      data-testid="popover-menu"
    >
      {open ? children : null}
    </div>
  );
}
