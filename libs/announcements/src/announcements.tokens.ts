/** The rules table the announcement checks read (docs/rules.md, keyed by procedure type); DEFAULT_RULES unless configured. */
export const ANNOUNCEMENT_RULES = Symbol('ANNOUNCEMENT_RULES');
