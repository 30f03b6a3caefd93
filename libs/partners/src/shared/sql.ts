/** PostgreSQL timestamps come back from raw queries as strings (MikroORM's type parsers): one ISO form. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}
