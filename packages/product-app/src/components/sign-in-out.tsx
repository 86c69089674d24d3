import { Form } from '@remix-run/react';

/**
 * Starts the Authorization Code flow at the hosted login. A plain form post, so it works without
 * JavaScript; `returnTo` brings the person back where they were.
 */
export function SignInForm({ returnTo, label = 'Login Auth Code Flow' }: { returnTo?: string; label?: string }) {
  return (
    <Form method="post" action="/auth/login" reloadDocument className="inline">
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <button type="submit">{label}</button>
    </Form>
  );
}

/** Sign out of this product only, or everywhere (ends the hosted login's session too). */
export function SignOutForms() {
  return (
    <>
      <Form method="post" action="/auth/logout" reloadDocument className="inline">
        <button type="submit" className="quiet">
          Sign out
        </button>
      </Form>
      <Form method="post" action="/auth/logout-everywhere" reloadDocument className="inline">
        <button type="submit" className="quiet">
          Sign out everywhere
        </button>
      </Form>
    </>
  );
}
