import type { ScenarioRandom } from './scenarioSeed.ts'

/** Field names the API's bodies and queries use, or might: each gets values of every wrong type. */
export const FIELDS = [
  'title', 'name', 'visibility', 'role', 'username', 'password', 'slug', 'joinable', 'summary',
  'q', 'spaceId', 'pageId', 'target', 'revisionId', 'from', 'to', 'limit', 'offset', 'text', 'cursor',
]

/** Values of the wrong type or shape for any field. */
export const WRONG_VALUES: unknown[] = [
  123, -1, 1e308, 0.5, true, false, null, [], {}, [1, 2], { $gt: '' }, { __proto__: { admin: true } },
  '', ' ', '\u0000', '\ud800', 'x'.repeat(5000), '<script>window.__pwned=1</script>', '../../../etc/passwd',
  "'; DROP TABLE pages; --", 'javascript:window.__pwned=1', '00000000-0000-0000-0000-000000000000', '🙂'.repeat(300),
]

/** Bodies that are not JSON, or JSON of the wrong shape, as raw text. */
export const MALFORMED_BODIES: string[] = [
  '{', '{"title":', '{"title": "a",}', "{'title': 'a'}", 'undefined', 'NaN', 'null', 'true', '0', '"text"', '[]', '[{}]',
  '{"a":1}{"b":2}', '\u0000', '\ufeff{}', `${'['.repeat(5000)}${']'.repeat(5000)}`, `{"title":"${'x'.repeat(70_000)}"}`,
  '{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}', '<xml/>', 'title=a&name=b',
]

/** Path parameters: real ones are added by the test; these are the hostile ones. */
export const HOSTILE_PARAMS: string[] = [
  'not-a-uuid', '00000000-0000-0000-0000-000000000000', '..%2F..%2Fetc%2Fpasswd', encodeURIComponent('x'.repeat(3000)),
  '%00', encodeURIComponent("' OR 1=1 --"), encodeURIComponent('<img src=x onerror=alert(1)>'), '%F0%9F%99%82', '-1', '1e999', '%E0%A4%A', 'null',
]

/** Query strings for GET routes. */
export const HOSTILE_QUERIES: string[] = [
  '', '?q=', '?q=%00', `?q=${'a'.repeat(10_000)}`, '?q=a&q=b', '?q[]=a', '?q=%27%3B%20DROP%20TABLE%20pages%3B--', '?q=***', '?q=a%20%26%20!b%20%7C',
  '?spaceId=not-a-uuid', '?spaceId=', '?limit=-1', '?limit=abc', '?limit=1e309', '?from=x&to=y', '?cursor=%FF', '?q=%E0%A4%A', '?q=(((((',
]

/** A JSON body with a few known fields set to wrong values. */
export function wrongTypedBody(random: ScenarioRandom): string {
  const body: Record<string, unknown> = {}
  for (let i = random.int(1, 3); i > 0; i--) body[random.pick(FIELDS)] = random.pick(WRONG_VALUES)
  return JSON.stringify(body)
}
