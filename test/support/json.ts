/**
 * A JSON value read back from the service in a test (an HTTP body, a jsonb column, a rule file).
 * Tests assert on such values with expect() instead of typing every answer field by field.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON under test, checked by expect()
export type Json = any;
