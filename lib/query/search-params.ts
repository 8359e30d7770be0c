// A page's search params as Next hands them to a server page, turned into the URLSearchParams
// the browser's useSearchParams gives the client component: repeated keys keep their order,
// so `get()` picks the same (first) value on both sides.
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function searchParamsOf(sp: PageSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) out.append(k, one);
  return out;
}
