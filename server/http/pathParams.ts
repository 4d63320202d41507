import { z } from 'zod'

/** The path parameters of a route for `createRoute`: each a string (commands answer 404 to ids that match nothing). */
export function pathParams<K extends string>(...names: K[]): z.ZodObject<Record<K, z.ZodString>> {
  return z.object(Object.fromEntries(names.map((name) => [name, z.string()])) as Record<K, z.ZodString>)
}
