import { AUDIT_ERRORS } from '@pps/audit';
import { LEDGER_ERRORS } from '@pps/ledger';
import { PARTNERS_ERRORS } from '@pps/partners';
import { BANK_ANSWER_CODES, type ErrorDefinition, PLATFORM_ERRORS, STATUS_OF_KIND } from '@pps/platform/core';
import { RULES_ERRORS } from '@pps/rules/files';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * One error catalogue (#18): every code the service answers with is defined once, in its library's
 * catalogue file, with its kind and both messages; no other source file spells a code. The codes of
 * rule files (the reasons of an outcome) are data: they live in rules/, not here.
 */
const ROOT = path.join(__dirname, '..', '..');

/** A library's list (empty where a library has none: the tests below then say what is missing). */
function listed(errors: readonly ErrorDefinition[] | undefined): readonly ErrorDefinition[] {
  return errors ?? [];
}

const CATALOGUES: Record<string, { file: string; errors: readonly ErrorDefinition[] }> = {
  platform: { file: 'libs/platform/src/errors/platform.errors.ts', errors: listed(PLATFORM_ERRORS) },
  rules: { file: 'libs/rules/src/rules.errors.ts', errors: listed(RULES_ERRORS) },
  ledger: { file: 'libs/ledger/src/ledger.errors.ts', errors: listed(LEDGER_ERRORS) },
  audit: { file: 'libs/audit/src/audit.errors.ts', errors: listed(AUDIT_ERRORS) },
  partners: { file: 'libs/partners/src/shared/errors.ts', errors: listed(PARTNERS_ERRORS) },
};
const CATALOGUE_FILES = new Set(Object.values(CATALOGUES).map((c) => c.file));
const ALL = Object.entries(CATALOGUES).flatMap(([library, c]) => c.errors.map((e) => ({ library, ...e })));
/** Codes the service reports (what the bank answered) but never answers with. */
const REPORTED_ONLY = Object.values(BANK_ANSWER_CODES ?? {}) as string[];

const CODE = /^(PPS\.\d{4}|CBC\.\d{4,8})$/;
const CODE_LITERAL = /(['"`])((?:PPS|CBC)\.\d{4,})\1/g;
/** Source files that make a DomainError of a code they were given, and why that code is known. */
const REBUILDS_ERRORS: Record<string, string> = {
  'libs/partners/src/shared/transaction-runner.ts':
    'replays the error stored with an Idempotency-Key (a committed denial)',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(entry.name) && !/\.(spec|e2e-spec)\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** The code of a source file without its comments (a comment may name a code: it defines none). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const SOURCES = [...sourceFiles('libs'), ...sourceFiles('apps')].map((file) => ({
  file,
  text: withoutComments(readFileSync(path.join(ROOT, file), 'utf8')),
}));

function literalCodes(text: string): string[] {
  return [...text.matchAll(CODE_LITERAL)].map((m) => m[2]);
}

function ruleFileCodes(dir = 'rules'): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const c of ruleFileCodes(rel)) codes.add(c);
    else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json'))
      for (const c of literalCodes(readFileSync(path.join(ROOT, rel), 'utf8'))) codes.add(c);
  }
  return codes;
}

describe('the error catalogue', () => {
  it('lists codes from every library', () => {
    for (const [library, c] of Object.entries(CATALOGUES))
      expect({ library, count: c.errors.length > 0 }).toEqual({ library, count: true });
    expect(ALL.map((e) => e.code)).toEqual(expect.arrayContaining(['CBC.0100', 'PPS.0404', 'PPS.0014', 'PPS.0503']));
  });

  it('defines each code once', () => {
    const byCode = new Map<string, string[]>();
    for (const e of ALL) byCode.set(e.code, [...(byCode.get(e.code) ?? []), e.library]);
    for (const code of REPORTED_ONLY) byCode.set(code, [...(byCode.get(code) ?? []), 'bank answers']);
    // …and spelled once in the whole source: a second literal is a second definition.
    const spelled = new Map<string, string[]>();
    for (const s of SOURCES)
      for (const code of literalCodes(s.text)) spelled.set(code, [...(spelled.get(code) ?? []), s.file]);
    expect(
      [...spelled].filter(([, where]) => where.length > 1).map(([code, where]) => `${code}: ${where.join(', ')}`),
    ).toEqual([]);
    expect(
      [...byCode].filter(([, where]) => where.length > 1).map(([code, where]) => `${code}: ${where.join(', ')}`),
    ).toEqual([]);
  });

  it('gives every code a well-formed name, a kind (hence a status) and both messages', () => {
    const bad = ALL.filter(
      (e) =>
        !CODE.test(e.code) ||
        !(e.kind in STATUS_OF_KIND) ||
        typeof e.messages?.zh !== 'string' ||
        typeof e.messages?.en !== 'string' ||
        e.messages.zh.trim() === '' ||
        e.messages.en.trim() === '' ||
        // Chinese in zh, and English (no CJK) in en.
        !/\p{Script=Han}/u.test(e.messages.zh) ||
        /\p{Script=Han}/u.test(e.messages.en),
    );
    expect(bad).toEqual([]);
  });

  it('is the only place a code is spelled: no code literal in any other source file', () => {
    const outside = SOURCES.filter((s) => !CATALOGUE_FILES.has(s.file)).flatMap((s) =>
      literalCodes(s.text).map((code) => `${s.file}: ${code}`),
    );
    expect(outside).toEqual([]);
  });

  it('knows every code the sources use', () => {
    const defined = new Set([...ALL.map((e) => e.code), ...REPORTED_ONLY]);
    const unknown = SOURCES.flatMap((s) =>
      literalCodes(s.text)
        .filter((c) => !defined.has(c))
        .map((c) => `${s.file}: ${c}`),
    );
    expect(unknown).toEqual([]);
  });

  it('builds errors only from catalogue entries: no DomainError made up outside the errors files', () => {
    const allowed = (file: string) =>
      CATALOGUE_FILES.has(file) ||
      file.startsWith('libs/platform/src/errors/') ||
      file.endsWith('.errors.ts') ||
      file in REBUILDS_ERRORS;
    const inline = SOURCES.filter(
      (s) => !allowed(s.file) && /new DomainError\(|extends DomainError\b/.test(s.text),
    ).map((s) => s.file);
    expect(inline).toEqual([]);
  });

  it("never gives a service code a second meaning as a rule file's reason (vendor CBC codes may be shared)", () => {
    const data = ruleFileCodes();
    expect(
      ALL.filter((e) => e.code.startsWith('PPS.') && data.has(e.code)).map((e) => `${e.library}: ${e.code}`),
    ).toEqual([]);
  });
});
