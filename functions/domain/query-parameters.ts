import * as z from './zod';

/**
 * Query-string parameters more than one route takes, each with the message a
 * caller sees when it is wrong (a query string's values all arrive as text).
 */

/** A day in London, written YYYY-MM-DD. */
export const londonDateParameter = (name: string) => z.iso.date({ error: `${name} must be a date written YYYY-MM-DD` });

/** How many items a page holds at most: a whole number from 1 to `max`, `fallback` when left out. */
export function pageLimitParameter(fallback: number, max: number, items: string) {
  return z
    ._default(
      z.coerce.number({ error: 'limit must be a whole number' }).check(
        z.int('limit must be a whole number'),
        z.gte(1, 'limit must be at least 1'),
        z.lte(max, `limit must be at most ${max}`),
      ),
      fallback,
    )
    .check(z.meta({ description: `How many ${items} a page holds at most.` }));
}
