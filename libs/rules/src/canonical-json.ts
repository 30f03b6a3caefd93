import { createHash } from 'node:crypto';

/**
 * The one canonical JSON of the project: object keys sorted by UTF-16 code unit order, no
 * whitespace, strings kept as strings, array order kept, `undefined` object members left out.
 * Values with `toJSON` (Date, Decimal) are serialized through it first. Content hashes of rule
 * files and the hash chain of decision records are computed over this text, so it must never
 * change: key order matters for the hash, insertion order never does.
 */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (e) {
    if (!(e instanceof UnsupportedValue)) throw e;
    // The fast path carries no location; find it only now, for the message.
    throw new TypeError(`canonicalJson: ${locate(value, '$') ?? '$'} ${e.message}`, { cause: e });
  }
}

class UnsupportedValue extends Error {}

// Hot: content hashes, idempotency hashes and the decision hash chain all run through here, so it
// builds no path strings on the way down.
function write(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new UnsupportedValue('is not a finite number');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += value[i] === undefined ? 'null' : write(value[i]);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined || typeof member === 'function') continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new UnsupportedValue(`has unsupported type ${typeof value}`);
  }
}

/** The path of the first value `write` refuses (the slow path, for error messages only). */
function locate(value: unknown, path: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return locate((value as { toJSON: () => unknown }).toJSON(), path);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return undefined;
  if (typeof value !== 'object') return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = value[i] === undefined ? undefined : locate(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined || typeof member === 'function') continue;
    const found = locate(member, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** sha256 (hex) of the canonical JSON of a value. */
export function sha256OfCanonicalJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
