import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

export interface E2eUserArgs {
  userPoolId: pulumi.Input<string>;
  /** The hosted UI the suite signs in on. */
  hostedUiUrl: pulumi.Input<string>;
  email: pulumi.Input<string>;
  name: pulumi.Input<string>;
  /** Where the e2e Job runs (AppNamespace.name of sso-e2e). */
  namespace: pulumi.Input<string>;
}

/** What the Secret `e2e-target` holds: the variables e2e/support/stack.ts reads for a real pool. */
interface E2eTarget {
  E2E_TARGET: 'cognito';
  LOGIN_SERVER_URL: pulumi.Input<string>;
  E2E_USER_EMAIL: pulumi.Input<string>;
  E2E_USER_NAME: pulumi.Input<string>;
  E2E_PASSWORD: pulumi.Input<string>;
}

/**
 * The user the Playwright suite signs in as against the real pool: confirmed, email verified, a
 * random password that meets the pool's policy (no welcome email), and the Secret `e2e-target` that
 * the e2e Job reads (e2e/job.yaml), so the same suite runs here and against the local login server.
 */
export class E2eUser extends pulumi.ComponentResource {
  readonly user: aws.cognito.User;
  readonly secret: k8s.core.v1.Secret;

  constructor(name: string, args: E2eUserArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:e2e:User', name, {}, opts);
    // The pool's policy: 8+ characters with upper, lower, digit and symbol.
    const password = new random.RandomPassword(
      name,
      { length: 24, minUpper: 1, minLower: 1, minNumeric: 1, minSpecial: 1, overrideSpecial: '!#%*-_=+' },
      { parent: this },
    );
    this.user = new aws.cognito.User(
      name,
      {
        userPoolId: args.userPoolId,
        username: args.email,
        attributes: { email: args.email, email_verified: 'true', name: args.name },
        // A permanent password: no change-password step on first sign-in, no email sent.
        password: password.result,
        messageAction: 'SUPPRESS',
      },
      { parent: this },
    );
    this.secret = new k8s.core.v1.Secret(
      'e2e-target',
      {
        metadata: { name: 'e2e-target', namespace: args.namespace },
        stringData: {
          E2E_TARGET: 'cognito',
          LOGIN_SERVER_URL: args.hostedUiUrl,
          // From the user, so that the Secret exists only once the user does.
          E2E_USER_EMAIL: this.user.username,
          E2E_USER_NAME: args.name,
          E2E_PASSWORD: password.result,
        } satisfies E2eTarget,
      },
      { parent: this },
    );
    this.registerOutputs({ email: this.user.username });
  }
}
