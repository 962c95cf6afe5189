/**
 * The lifecycle of a section (标段), docs/design.md "Lifecycles": a pure state machine that every module moves the
 * section through (via SectionsService.transition), so that one table says which moves exist.
 *
 *   draft → published (tendering) → opening → opened → evaluated → publicity → awarded → contracted
 *   side exits: failed (流标), terminated (终止公告); a suspended flag stops every move but termination.
 */

export const SECTION_STATES = [
  'draft',
  'published', // 招标中: tender notice published, documents available, bids accepted until 截止
  'opening', // 开标中: 截止 reached, bidders decrypt within the decryption window
  'opened', // 已开标: the opening record is made
  'evaluated', // 已评标: the evaluation result is entered
  'publicity', // 公示中: candidate publicity (construction)
  'awarded', // 已定标: award notice sent
  'contracted', // 已签约
  'failed', // 流标: fewer than 3 bids, or all invalid (R17)
  'terminated', // 已终止: 终止公告 (R10)
] as const;

export type SectionState = (typeof SECTION_STATES)[number];

export interface SectionTransition {
  readonly from: SectionState;
  readonly to: SectionState;
  /** What causes the move, for people reading the table and the audit log. */
  readonly by: string;
}

/** Every allowed move. Anything not listed is refused. */
export const SECTION_TRANSITIONS: readonly SectionTransition[] = [
  { from: 'draft', to: 'published', by: 'tender notice published (招标公告发布)' },
  { from: 'published', to: 'opening', by: 'bid deadline reached (截止), deadline scheduler' },
  { from: 'opening', to: 'opened', by: 'decryption window closed, opening record made' },
  { from: 'opening', to: 'failed', by: 'fewer than 3 bids at 截止 (R17)' },
  { from: 'opened', to: 'evaluated', by: 'evaluation result entered' },
  { from: 'opened', to: 'failed', by: 'fewer than 3 valid bids after decryption (R17, R18)' },
  { from: 'evaluated', to: 'publicity', by: 'candidate publicity published (R21, R22)' },
  { from: 'evaluated', to: 'awarded', by: 'award decided without candidate publicity (government procurement, R23)' },
  { from: 'evaluated', to: 'failed', by: 'every bid rejected in evaluation' },
  { from: 'publicity', to: 'awarded', by: 'publicity ended, award notice sent (R26)' },
  { from: 'awarded', to: 'contracted', by: 'contract signed (R24)' },
  { from: 'published', to: 'terminated', by: 'termination notice (R10)' },
  { from: 'opening', to: 'terminated', by: 'termination notice (R10)' },
  { from: 'opened', to: 'terminated', by: 'termination notice (R10)' },
  { from: 'evaluated', to: 'terminated', by: 'termination notice (R10)' },
  { from: 'publicity', to: 'terminated', by: 'termination notice (R10)' },
];

/** States no move leaves. */
export const FINAL_SECTION_STATES: readonly SectionState[] = ['contracted', 'failed', 'terminated'];

export function isSectionState(value: unknown): value is SectionState {
  return typeof value === 'string' && (SECTION_STATES as readonly string[]).includes(value);
}

export type TransitionRefusal =
  | { readonly reason: 'unknown_state'; readonly state: string }
  | { readonly reason: 'not_allowed'; readonly from: SectionState; readonly to: SectionState; readonly allowed: readonly SectionState[] }
  | { readonly reason: 'suspended'; readonly from: SectionState; readonly to: SectionState };

/** The states a section may move to from `from` (ignoring suspension). */
export function nextStates(from: SectionState): SectionState[] {
  return SECTION_TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
}

/**
 * Whether a section in `from` may move to `to`. A suspended section (objection or supervisor's order, R29, R35)
 * moves nowhere except to `terminated`: the procedure stands still until the suspension is lifted.
 */
export function checkTransition(from: string, to: string, options: { suspended?: boolean } = {}): TransitionRefusal | null {
  if (!isSectionState(from)) return { reason: 'unknown_state', state: from };
  if (!isSectionState(to)) return { reason: 'unknown_state', state: to };
  const allowed = nextStates(from);
  if (!allowed.includes(to)) return { reason: 'not_allowed', from, to, allowed };
  if (options.suspended && to !== 'terminated') return { reason: 'suspended', from, to };
  return null;
}

export function canTransition(from: string, to: string, options: { suspended?: boolean } = {}): boolean {
  return checkTransition(from, to, options) === null;
}

/** Sections a termination notice may end: published and later, but nothing final and nothing awarded. */
export function isTerminable(state: SectionState): boolean {
  return canTransition(state, 'terminated');
}

/** Whether suspension applies: only a section whose procedure is running can be suspended. */
export function isSuspendable(state: SectionState): boolean {
  return state !== 'draft' && !FINAL_SECTION_STATES.includes(state);
}
