/** Thrown by a loader when the signed-in person may not see the page; the ErrorBoundary says so. */
export function forbidden(reason: string): Response {
  return new Response(reason, { status: 403, statusText: 'Forbidden' });
}
