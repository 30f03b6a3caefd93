/** An instant as every response writes it (ISO 8601, UTC, milliseconds). */
export function iso(value: Date): string {
  return value.toISOString();
}

export function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}
