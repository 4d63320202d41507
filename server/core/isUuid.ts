const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu

/** Whether a string can be a row id (so a bad id is a 404, not a database error). */
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
