// Objects keyed by untrusted text (domains, vMTAs, job ids, feedback types, XML element names,
// header names from PowerMTA or a file). A plain `{}` inherits from Object.prototype, so a key
// such as `__proto__` would write onto every object of the process and `constructor` or
// `toString` would read an inherited function; a null-prototype object has neither problem and
// still serialises to JSON like a plain object. Pure: safe in the browser too.

/** An empty object without a prototype, for use as a string-keyed dictionary. */
export function nullProto<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `m[k]` only if `k` is m's own key (never an inherited member such as `constructor`). */
export function ownValue<T>(m: Readonly<Record<string, T>>, k: string): T | undefined {
  return Object.hasOwn(m, k) ? m[k] : undefined;
}

/** Copies a string-keyed object into a null-prototype one (own enumerable keys only). */
export function nullProtoCopy<T>(from: Readonly<Record<string, T>>): Record<string, T> {
  const out = nullProto<T>();
  for (const k of Object.keys(from)) out[k] = from[k] as T;
  return out;
}
