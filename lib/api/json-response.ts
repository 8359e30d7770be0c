// A Response whose JSON body has a known type, for handlers that must set headers (cookies)
// themselves: `apiRoute` accepts it where the route's response schema says T. The brand exists
// only for the type checker; at run time it is a plain Response.
declare const jsonBody: unique symbol;

export type JsonResponse<T> = Response & { readonly [jsonBody]: T };

export function jsonResponse<T>(body: T, init?: ResponseInit): JsonResponse<T> {
  return Response.json(body, init) as JsonResponse<T>;
}
