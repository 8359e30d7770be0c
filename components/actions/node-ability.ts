// Why a node cannot take commands, from what the browser knows (the server checks again and
// answers `unavailable` with its own reason). Pure.
import type { NodeView } from '@/lib/api/responses';

export function nodeDenial(n: Pick<NodeView, 'hasApiKey' | 'version'>): string | null {
  if (!n.hasApiKey) return 'no API key configured';
  if (n.version && /^[0-4]\./.test(n.version)) return `PowerMTA ${n.version}: commands need 5.0`;
  return null;
}
