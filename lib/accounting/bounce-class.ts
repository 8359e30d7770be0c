// PowerMTA's built-in bounce categories (powermta-api.md §8.1, S1 §11.6) and the console's
// hard/soft split.
//
// "Hard" means: the *recipient address* is the problem, so retrying or re-mailing it is pointless
// (a list-hygiene signal). Everything else is "soft": the message, our sender, our IP, the
// network or the remote side's policy is the problem, and the address may well be fine.
// Judgement calls, following the split S13 uses in practice:
// * `policy-related` and `spam-related` are soft: they are reputation/content blocks against the
//   sender or IP, not evidence the mailbox is dead (they belong on the deliverability board, not
//   in the suppression list).
// * `invalid-sender` is soft: it is our envelope sender that was refused.
// * `relaying-issues` is soft: usually a remote misconfiguration or a wrong MX, fixable remotely.
// * `message-expired` is soft: PowerMTA gave up after `bounce-after`, the address was never
//   refused outright.
// * `bad-configuration` is soft: our own configuration.
// Categories outside the 17 come from `<bounce-category-patterns>` and are passed through with
// class `custom`; an empty category is `unknown`.

export const BOUNCE_CATEGORIES = [
  'bad-configuration',
  'bad-connection',
  'bad-domain',
  'bad-mailbox',
  'content-related',
  'inactive-mailbox',
  'invalid-sender',
  'message-expired',
  'no-answer-from-host',
  'other',
  'policy-related',
  'protocol-errors',
  'quota-issues',
  'relaying-issues',
  'routing-errors',
  'spam-related',
  'virus-related',
] as const;

export type BounceCategory = (typeof BOUNCE_CATEGORIES)[number];

export type BounceClass = 'hard' | 'soft' | 'custom' | 'unknown';

export const HARD_BOUNCE_CATEGORIES: ReadonlySet<BounceCategory> = new Set<BounceCategory>(['bad-mailbox', 'bad-domain', 'routing-errors', 'inactive-mailbox']);

const BUILT_IN: ReadonlySet<string> = new Set(BOUNCE_CATEGORIES);

export function isBounceCategory(cat: string): cat is BounceCategory {
  return BUILT_IN.has(cat);
}

export function classifyBounceCategory(cat: string | null | undefined): BounceClass {
  const c = cat?.trim().toLowerCase() ?? '';
  if (c === '') return 'unknown';
  if (!isBounceCategory(c)) return 'custom';
  return HARD_BOUNCE_CATEGORIES.has(c) ? 'hard' : 'soft';
}
