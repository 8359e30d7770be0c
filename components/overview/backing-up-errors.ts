// The backing-up list's last errors, collapsed the way the backoff board groups them: by the
// provider signature of the SMTP text (lib/accounting/provider-signature.ts), with a count, the
// raw texts kept for "show text". Pure module.
import { classifyDiagnostic } from '@/lib/accounting/provider-signature';
import type { BackingUpVerdict } from '@/lib/api/responses';

export interface ErrorSignatureGroup {
  signature: string;
  label: string;
  /** Verdicts whose last error has this signature. */
  count: number;
  /** Each distinct text with how many verdicts gave it, most frequent first. */
  texts: { text: string; count: number }[];
}

/** The signature of a verdict's last error; null when it has none. */
export function verdictErrorSignature(v: BackingUpVerdict): { signature: string; label: string } | null {
  const e = v.signals.lastError;
  if (!e) return null;
  const s = classifyDiagnostic(e.text, v.domain);
  return { signature: s.signature, label: s.label };
}

/** Signature groups over every verdict's last error, largest group first. */
export function groupVerdictErrors(verdicts: BackingUpVerdict[]): ErrorSignatureGroup[] {
  const groups = new Map<string, { label: string; count: number; texts: Map<string, number> }>();
  for (const v of verdicts) {
    const s = verdictErrorSignature(v);
    if (!s) continue;
    let g = groups.get(s.signature);
    if (!g) groups.set(s.signature, (g = { label: s.label, count: 0, texts: new Map() }));
    g.count++;
    const text = v.signals.lastError!.text;
    g.texts.set(text, (g.texts.get(text) ?? 0) + 1);
  }
  return [...groups]
    .map(([signature, g]) => ({
      signature,
      label: g.label,
      count: g.count,
      texts: [...g.texts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)),
    }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The rule's reasons without the one that quotes the last error's raw text (shown by signature instead). */
export function reasonsWithoutErrorText(v: BackingUpVerdict): { reasons: string[]; errorReason: string | null } {
  const e = v.signals.lastError;
  if (!e) return { reasons: v.reasons, errorReason: null };
  const i = v.reasons.findIndex((r) => r.startsWith('last error') && r.endsWith(`: ${e.text}`));
  if (i < 0) return { reasons: v.reasons, errorReason: null };
  const r = v.reasons[i]!;
  return { reasons: v.reasons.filter((_, k) => k !== i), errorReason: r.slice(0, r.length - e.text.length - 2) };
}
