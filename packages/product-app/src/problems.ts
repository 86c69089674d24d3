import type { SignInFailure } from '@sso/product-auth';

interface Problem {
  title: string;
  message: string;
}

const signInFailed: Problem = {
  title: 'Sign-in did not complete',
  message: 'Something went wrong while signing you in. Please start again.',
};

/**
 * Everything that can stop a sign-in, in words a person can act on: the sign-in pages show these;
 * details go to the log, never a stack trace to the browser.
 */
export const problems: Record<SignInFailure, Problem> = {
  access_denied: {
    title: 'Sign-in was cancelled',
    message: 'The login service did not let the sign-in through. You can try again.',
  },
  state_mismatch: {
    title: 'This sign-in link has expired',
    message:
      'The sign-in could not be matched to this browser (it may have been started in another tab, or more than 5 minutes ago). Please start again.',
  },
  invalid_grant: {
    title: 'This sign-in link was already used',
    message: 'The one-time code from the login service is expired or was used already. Please start again.',
  },
  id_token_invalid: {
    title: 'We could not verify who you are',
    message: 'The identity the login service sent could not be verified. Please start again.',
  },
  login_server_unreachable: {
    title: 'The login service is not answering',
    message: 'We could not reach the login service. Please try again in a moment.',
  },
  email_unverified: {
    title: 'Please verify your email address first',
    message:
      'An account with this email address already exists here. To connect it to your sign-in, the login service must have verified that the address is yours. Verify it there, then sign in again.',
  },
  email_bound_to_other: {
    title: 'This email address belongs to another sign-in',
    message:
      'An account here with this email address is already connected to a different sign-in. Sign in with that one, or contact support.',
  },
  email_missing: {
    title: 'Your sign-in has no email address',
    message: 'This product needs your email address to find your account, and the login service did not share it.',
  },
  sign_in_request_unreadable: {
    title: 'This sign-in request could not be read',
    message:
      'Signing in starts with the sign-in button on this site’s pages. Go to the home page and use the button there.',
  },
  // The app client's own setup, or a fault on this side: nothing the person did.
  invalid_client: signInFailed,
  unexpected: signInFailed,
};
