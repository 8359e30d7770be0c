'use client';
// A tiny toast outlet: `toast({ kind, title, body })` from anywhere; the one <Toaster />
// mounted in app/providers.tsx shows them.
import { useSyncExternalStore } from 'react';

export interface Toast {
  id: number;
  kind: 'ok' | 'warn' | 'danger';
  title: string;
  body?: string;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function toast(t: Omit<Toast, 'id'>, ms = 8_000): void {
  const id = nextId++;
  toasts = [...toasts, { ...t, id }].slice(-5);
  emit();
  setTimeout(() => dismiss(id), ms);
}

function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

const subscribe = (l: () => void) => (listeners.add(l), () => void listeners.delete(l));

export function Toaster() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => toasts,
  );
  if (!list.length) return null;
  return (
    <div style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 50, display: 'grid', gap: 8, width: 380 }} aria-live="polite">
      {list.map((t) => (
        <div
          key={t.id}
          role="status"
          className="panel"
          data-testid="toast"
          style={{ borderLeft: `4px solid var(--${t.kind === 'ok' ? 'ok' : t.kind})`, boxShadow: '0 4px 16px rgba(0,0,0,.2)' }}
        >
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <strong>{t.title}</strong>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)} style={{ padding: '0 6px' }}>
              ×
            </button>
          </div>
          {t.body ? (
            <div className="muted" style={{ whiteSpace: 'pre-wrap' }}>
              {t.body}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
