/** A request PowerMTA would refuse; rendered as the error envelope with this HTTP status. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
