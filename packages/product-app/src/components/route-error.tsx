import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { ProblemPage } from './problem-page.tsx';

const byStatus: Record<number, { title: string; message: string }> = {
  403: { title: 'You do not have access to this page', message: 'Your account here does not allow it.' },
  404: { title: 'Page not found', message: 'There is nothing at this address.' },
  405: { title: 'This page cannot do that', message: 'Use the buttons and links on the page instead.' },
};

/** For a route's ErrorBoundary: 403/404/405 in words, anything else without details (they go to the log). */
export function RouteErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = byStatus[status] ?? {
    title: 'Something went wrong on our side',
    message: 'Please try again in a moment.',
  };
  return <ProblemPage title={known.title} message={known.message} status={status} />;
}
