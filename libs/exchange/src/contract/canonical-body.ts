/**
 * The bytes of a request body, the same every time for the same envelope, so that a resend after a failure
 * carries the same bytes (and the receiver answers `duplicate: true` instead of SERIAL_CONFLICT).
 *
 * The rule (a subset of RFC 8785 JSON canonicalization):
 * - UTF-8, no white space, no BOM;
 * - object members sorted by key, comparing keys as strings by UTF-16 code units (JavaScript's default sort),
 *   at every depth; array elements stay in their order;
 * - strings and numbers written as JSON.stringify writes them; a value with toJSON() (a Date) is replaced by
 *   its toJSON() result first;
 * - members whose value is undefined, a function or a symbol are left out, and such array elements become null
 *   (as JSON.stringify does);
 * - NaN, ±Infinity and bigint are refused (JSON.stringify would silently write null or throw).
 *
 * Money is a decimal string before it gets here, so number formatting never changes an amount.
 */
export function canonicalBody(envelope: object): Buffer {
  return Buffer.from(canonicalJson(envelope, ''), 'utf8');
}

/** The canonical JSON text of any JSON-able value (see canonicalBody). */
export function canonicalJson(value: unknown, path = ''): string {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: () => unknown }).toJSON();
  }
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalBody: ${path || '/'} is ${v}, which JSON cannot carry`);
      return JSON.stringify(v);
    case 'bigint':
      throw new TypeError(`canonicalBody: ${path || '/'} is a bigint; send it as a string`);
    case 'object': {
      if (Array.isArray(v)) {
        const items = v.map((item, i) =>
          item === undefined || typeof item === 'function' || typeof item === 'symbol'
            ? 'null'
            : canonicalJson(item, `${path}/${i}`),
        );
        return `[${items.join(',')}]`;
      }
      const record = v as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        members.push(`${JSON.stringify(key)}:${canonicalJson(member, `${path}/${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      // undefined, function or symbol at the top level
      throw new TypeError(`canonicalBody: ${path || '/'} is ${typeof v}, which JSON cannot carry`);
  }
}
