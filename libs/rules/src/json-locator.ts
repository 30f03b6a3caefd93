import { formatPath } from './json-path';
import { RULE_FILE_LIMITS } from './limits';

export interface SourcePosition {
  line: number;
  column: number;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** A limit of RULE_FILE_LIMITS breached in the text (nesting, number length), at a JSON path. */
export class JsonLimitError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly position: SourcePosition,
  ) {
    super(message);
    this.name = 'JsonLimitError';
  }
}

/**
 * Scans JSON text and records where every value starts (1-based line and column), keyed by its
 * JSON path, so that problems found later can point into the file. It also locates syntax errors,
 * which `JSON.parse` on Node 20 reports without a position. The values themselves come from
 * `JSON.parse`; this scanner only answers "where".
 */
export function locateJsonValues(text: string): Map<string, SourcePosition> {
  return scanJson(text).positions;
}

/**
 * Positions of the values (all of them, or only those at the `wanted` paths — a large file's
 * positions are looked up only for the paths that have problems), plus the keys written twice in
 * one object (JSON.parse silently keeps the last).
 */
export function scanJson(
  text: string,
  wanted?: ReadonlySet<string>,
): {
  positions: Map<string, SourcePosition>;
  duplicateKeys: Array<{ path: string } & SourcePosition>;
} {
  const scanner = new Scanner(text, wanted);
  scanner.scanDocument();
  return { positions: scanner.positions, duplicateKeys: scanner.duplicateKeys };
}

class Scanner {
  readonly positions = new Map<string, SourcePosition>();
  readonly duplicateKeys: Array<{ path: string } & SourcePosition> = [];
  private index = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  scanDocument(): void {
    this.skipWhitespace();
    this.scanValue('$', 0);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describe()} after the JSON value`);
  }

  private position(): SourcePosition {
    return { line: this.line, column: this.index - this.lineStart + 1 };
  }

  private fail(message: string): never {
    const at = this.position();
    throw new JsonSyntaxError(`invalid JSON: ${message} at line ${at.line} column ${at.column}`, at);
  }

  private describe(): string {
    if (this.index >= this.text.length) return 'end of input';
    return `character ${JSON.stringify(this.text[this.index])}`;
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (ch === '\n') {
        this.index++;
        this.line++;
        this.lineStart = this.index;
      } else if (ch === ' ' || ch === '\t' || ch === '\r') {
        this.index++;
      } else {
        return;
      }
    }
  }

  /** `path` is the value's JSON path, built as the scanner descends (no array per value). */
  private scanValue(path: string, depth: number): void {
    if (this.wanted === undefined || this.wanted.has(path)) this.positions.set(path, this.position());
    const ch = this.text[this.index];
    // Checked before descending: the scanner recurses at most maxDepth levels, whatever the text.
    if ((ch === '{' || ch === '[') && depth + 1 > RULE_FILE_LIMITS.maxDepth)
      this.limit(
        path,
        `nesting deeper than ${RULE_FILE_LIMITS.maxDepth} levels (objects and arrays); nothing below this point was checked`,
      );
    if (ch === '{') this.scanObject(path, depth + 1);
    else if (ch === '[') this.scanArray(path, depth + 1);
    else if (ch === '"') this.scanString();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.scanNumber(path);
    else if (this.text.startsWith('true', this.index)) this.index += 4;
    else if (this.text.startsWith('false', this.index)) this.index += 5;
    else if (this.text.startsWith('null', this.index)) this.index += 4;
    else this.fail(`unexpected ${this.describe()}, expected a value`);
  }

  private scanObject(path: string, depth: number): void {
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"')
        this.fail(`unexpected ${this.describe()}, expected a property name in double quotes`);
      const keyStart = this.index;
      const keyPosition = this.position();
      this.scanString();
      const key = JSON.parse(this.text.slice(keyStart, this.index)) as string;
      const child = path + formatPath([key]).slice(1);
      if (keys.has(key)) this.duplicateKeys.push({ path: child, ...keyPosition });
      keys.add(key);
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail(`unexpected ${this.describe()}, expected ':'`);
      this.index++;
      this.skipWhitespace();
      this.scanValue(child, depth);
      this.skipWhitespace();
      const ch = this.text[this.index];
      if (ch === ',') {
        this.index++;
        continue;
      }
      if (ch === '}') {
        this.index++;
        return;
      }
      this.fail(`unexpected ${this.describe()}, expected ',' or '}'`);
    }
  }

  private scanArray(path: string, depth: number): void {
    this.index++;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index++;
      return;
    }
    for (let i = 0; ; i++) {
      this.skipWhitespace();
      this.scanValue(`${path}[${i}]`, depth);
      this.skipWhitespace();
      const ch = this.text[this.index];
      if (ch === ',') {
        this.index++;
        continue;
      }
      if (ch === ']') {
        this.index++;
        return;
      }
      this.fail(`unexpected ${this.describe()}, expected ',' or ']'`);
    }
  }

  private scanString(): void {
    this.index++;
    while (this.index < this.text.length) {
      const ch = this.text[this.index];
      if (ch === '"') {
        this.index++;
        return;
      }
      if (ch === '\\') {
        const next = this.text[this.index + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6)))
            this.fail('invalid \\u escape in a string');
          this.index += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          this.index += 2;
        } else {
          this.fail('invalid escape in a string');
        }
        continue;
      }
      if (ch === '\n' || ch < ' ') this.fail('unescaped control character in a string');
      this.index++;
    }
    this.fail('unterminated string');
  }

  private scanNumber(path: string): void {
    NUMBER.lastIndex = this.index;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`invalid number`);
    if (match[0].length > RULE_FILE_LIMITS.maxNumberLength)
      this.limit(
        path,
        `number of ${match[0].length} characters is longer than the limit of ${RULE_FILE_LIMITS.maxNumberLength}`,
      );
    this.index += match[0].length;
  }

  private limit(path: string, message: string): never {
    throw new JsonLimitError(message, path, this.position());
  }
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
