import {
  canTransition,
  checkTransition,
  FINAL_SECTION_STATES,
  isSuspendable,
  isTerminable,
  nextStates,
  SECTION_STATES,
  SectionState,
} from './section-lifecycle';

describe('section lifecycle (标段状态)', () => {
  // Every pair of states: the moves docs/design.md "Lifecycles" names are allowed, every other pair is refused.
  const allowed: [SectionState, SectionState][] = [
    ['draft', 'published'],
    ['published', 'opening'],
    ['opening', 'opened'],
    ['opening', 'failed'],
    ['opened', 'evaluated'],
    ['opened', 'failed'],
    ['evaluated', 'publicity'],
    ['evaluated', 'awarded'],
    ['evaluated', 'failed'],
    ['publicity', 'awarded'],
    ['awarded', 'contracted'],
    ['published', 'terminated'],
    ['opening', 'terminated'],
    ['opened', 'terminated'],
    ['evaluated', 'terminated'],
    ['publicity', 'terminated'],
  ];
  const key = (a: string, b: string) => `${a}→${b}`;
  const allowedKeys = new Set(allowed.map(([a, b]) => key(a, b)));
  const allPairs = SECTION_STATES.flatMap((from) => SECTION_STATES.map((to) => [from, to] as [SectionState, SectionState]));

  it.each(allPairs)('%s → %s follows the table', (from, to) => {
    expect(canTransition(from, to)).toBe(allowedKeys.has(key(from, to)));
  });

  it.each(FINAL_SECTION_STATES.map((s) => [s]))('%s is final: no move leaves it', (state) => {
    expect(nextStates(state)).toEqual([]);
    expect(isTerminable(state)).toBe(false);
    expect(isSuspendable(state)).toBe(false);
  });

  it('a suspended section moves nowhere but to terminated', () => {
    expect(checkTransition('published', 'opening', { suspended: true })).toEqual({ reason: 'suspended', from: 'published', to: 'opening' });
    expect(checkTransition('publicity', 'awarded', { suspended: true })).toEqual({ reason: 'suspended', from: 'publicity', to: 'awarded' });
    expect(checkTransition('publicity', 'terminated', { suspended: true })).toBeNull();
  });

  it('names the allowed moves when refusing', () => {
    expect(checkTransition('draft', 'opening')).toEqual({ reason: 'not_allowed', from: 'draft', to: 'opening', allowed: ['published'] });
    expect(checkTransition('published', 'evaluated')).toEqual({
      reason: 'not_allowed',
      from: 'published',
      to: 'evaluated',
      allowed: ['opening', 'terminated'],
    });
  });

  it('refuses states it does not know', () => {
    expect(checkTransition('tendering', 'opening')).toEqual({ reason: 'unknown_state', state: 'tendering' });
    expect(checkTransition('published', 'closed')).toEqual({ reason: 'unknown_state', state: 'closed' });
  });

  it.each<[SectionState, boolean]>([
    ['draft', false],
    ['published', true],
    ['opening', true],
    ['publicity', true],
    ['awarded', false],
  ])('%s terminable: %s', (state, expected) => {
    expect(isTerminable(state)).toBe(expected);
  });

  it('a draft section cannot be suspended: nothing runs yet', () => {
    expect(isSuspendable('draft')).toBe(false);
    expect(isSuspendable('published')).toBe(true);
  });
});
