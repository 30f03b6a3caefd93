/**
 * What json-rules-engine keeps of a condition besides its structure: its `name` and any custom
 * property, shown in results. Shared by the compiled evaluator and the reference engine.
 */
const STRUCTURAL = new Set([
  'all',
  'any',
  'not',
  'condition',
  'fact',
  'path',
  'operator',
  'value',
  'days',
  'months',
  'result',
  'factResult',
  'valueResult',
]);

export function extrasOf(condition: object): Record<string, unknown> {
  // defined, not assigned: a custom property may be named __proto__
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(condition)) if (!STRUCTURAL.has(key)) defineMember(extras, key, value);
  return extras;
}

/** Sets an own, enumerable property (even one named `__proto__`). */
export function defineMember(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
