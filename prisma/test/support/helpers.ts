/** A logger that says nothing (the product's auth logs through it). */
export const quiet = { info() {}, warn() {} };

/** What `promise` rejected with, or undefined when it resolved: for asserting on thrown Responses. */
export const thrown = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** `name=value` of a Set-Cookie header, as a browser sends it back. */
export const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;
