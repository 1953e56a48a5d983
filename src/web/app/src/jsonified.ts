/**
 * What the browser receives when the server sends a value of type T: the server's handlers return
 * their use-case results and Fastify sends them through JSON.stringify, which writes every Date as
 * its ISO string; JSON.parse then hands back fresh, mutable arrays and objects. api.ts declares its
 * responses as Jsonified<the server's result type> (type imports only; see eslint.config.js), so a
 * change to a use-case's result shows up here as a type error instead of a silently stale copy.
 * Unions, null and undefined (optional fields) are kept as they are.
 */
export type Jsonified<T> =
  T extends Date ? string
  : T extends string | number | boolean | null | undefined ? T
  : T extends object ? { -readonly [K in keyof T]: Jsonified<T[K]> }
  : T;
