/**
 * A text[] parameter as PostgreSQL's array literal, made by one JSON.stringify: node-postgres
 * escapes an array element by element, several strings each, and a batch passes arrays of thousands
 * of ids and keys. For strings JSON's quoting is the literal's ("…", \" and \\; null unquoted is
 * NULL); any other escape (a control character) leaves the array to the driver.
 */
export function textArray(values: ReadonlyArray<string | null>): string | ReadonlyArray<string | null> {
  const json = JSON.stringify(values);
  return OTHER_ESCAPE.test(json) ? values : `{${json.slice(1, -1)}}`;
}

const OTHER_ESCAPE = /\\[^"\\]/;
