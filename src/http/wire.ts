import { z } from 'zod';

/**
 * A point in time on the wire: the server holds a Date, JSON carries its ISO 8601 string. The
 * response serializer encodes with the schema, so `z.output` is the server's type (Date) and
 * `z.input` the browser's (string).
 */
export const instant = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** `{ items }` of a list route. */
export function itemsOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item) });
}
