/** JSON paths as problems report them: `$.rules[2].conditions.all[0].operator`. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Ajv's instancePath (a JSON pointer, `/rules/2/name`) as a JSON path. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  const segments = pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment): PathSegment => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
  return formatPath(segments);
}
