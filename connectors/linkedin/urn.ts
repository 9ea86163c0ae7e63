/**
 * LinkedIn URNs and Rest.li 2.0 encoding. A URN in a path segment or a query value is
 * percent-encoded whole (colons, parentheses and commas included), while Rest.li structure such as
 * `List(A,B)` and `(start:1,end:2)` stays unencoded.
 */

/** Percent-encodes a URN for a Rest.li 2.0 path segment or query value. */
export function encodeUrn(urn: string): string {
  return encodeURIComponent(urn).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `List(A,B)` with each element encoded, the structure not. */
export function restliList(values: string[]): string {
  return `List(${values.map(encodeUrn).join(',')})`;
}

/** Splits `urn:li:comment:(<parent>,<id>)`; the parent may itself hold parentheses and commas. */
export function parseCommentUrn(urn: string): { parent: string; id: string } | undefined {
  const prefix = 'urn:li:comment:(';
  if (!urn.startsWith(prefix) || !urn.endsWith(')')) return undefined;
  const inner = urn.slice(prefix.length, -1);
  const comma = inner.lastIndexOf(',');
  if (comma <= 0) return undefined;
  const id = inner.slice(comma + 1);
  if (!/^\d+$/.test(id)) return undefined;
  return { parent: inner.slice(0, comma), id };
}

/** Notifications write the parent short (`activity:1`); the comments API writes `urn:li:activity:1`. */
function canonicalParent(parent: string): string {
  if (/^(activity|share|ugcPost):/.test(parent)) return `urn:li:${parent}`;
  if (parent.startsWith('urn:li:comment:') || parent.startsWith('comment:')) return canonicalCommentUrn(parent.startsWith('comment:') ? `urn:li:${parent}` : parent);
  return parent;
}

/** One spelling per comment, so the comments walk and the notifications give the same external id. */
export function canonicalCommentUrn(urn: string): string {
  const c = parseCommentUrn(urn);
  return c ? `urn:li:comment:(${canonicalParent(c.parent)},${c.id})` : urn;
}

/** The post a comment (or a reply to a comment) hangs under, e.g. `urn:li:activity:123`. */
export function rootPostOf(commentUrn: string): string | undefined {
  const c = parseCommentUrn(commentUrn);
  if (!c) return undefined;
  const parent = canonicalParent(c.parent);
  return parent.startsWith('urn:li:comment:') ? rootPostOf(parent) : parent;
}

export function isCommentUrn(urn: string): boolean {
  return parseCommentUrn(urn) !== undefined;
}
