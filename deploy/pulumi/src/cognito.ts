import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

export interface CognitoUserPoolArgs {
  /** The pool's region, for the issuer and hosted UI URLs. */
  region: pulumi.Input<string>;
  /** The hosted UI's domain prefix: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: pulumi.Input<string>;
  /** A Lambda function (ARN and name) that migrates legacy users at their first sign-in. */
  userMigration?: { arn: pulumi.Input<string>; name: pulumi.Input<string> };
}

/** A user pool that signs people in by email, with its hosted UI domain. */
export class CognitoUserPool extends pulumi.ComponentResource {
  readonly pool: aws.cognito.UserPool;
  readonly domain: aws.cognito.UserPoolDomain;
  /** Where tokens come from: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: pulumi.Output<string>;
  /** The hosted UI: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly hostedUiUrl: pulumi.Output<string>;

  constructor(name: string, args: CognitoUserPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:cognito:UserPool', name, {}, opts);
    this.pool = new aws.cognito.UserPool(
      name,
      {
        name,
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        usernameConfiguration: { caseSensitive: false },
        passwordPolicy: {
          minimumLength: 8,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 7,
        },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
        verificationMessageTemplate: { defaultEmailOption: 'CONFIRM_WITH_CODE' },
        // A demo pool: `pulumi destroy` must be able to remove it.
        deletionProtection: 'INACTIVE',
        lambdaConfig: args.userMigration ? { userMigration: args.userMigration.arn } : undefined,
      },
      { parent: this },
    );
    if (args.userMigration) {
      // Cognito invokes the trigger as itself, for this pool only.
      new aws.lambda.Permission(
        `${name}-user-migration`,
        {
          action: 'lambda:InvokeFunction',
          function: args.userMigration.name,
          principal: 'cognito-idp.amazonaws.com',
          sourceArn: this.pool.arn,
        },
        { parent: this },
      );
    }
    this.domain = new aws.cognito.UserPoolDomain(
      name,
      // Version 1 is the classic hosted UI (version 2, managed login, also needs a branding resource).
      { domain: args.domainPrefix, userPoolId: this.pool.id, managedLoginVersion: 1 },
      { parent: this },
    );
    this.issuer = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${this.pool.id}`;
    this.hostedUiUrl = pulumi.interpolate`https://${this.domain.domain}.auth.${args.region}.amazoncognito.com`;
    this.registerOutputs({ issuer: this.issuer, hostedUiUrl: this.hostedUiUrl });
  }
}

export interface ProductClientArgs {
  userPoolId: pulumi.Input<string>;
  /** Where the product runs; its callback is `<appUrl>/auth/callback`, its logout URL `<appUrl>/`. */
  appUrl: pulumi.Input<string>;
  /** Refresh-token rotation (a new refresh token with every refresh, 10 s grace for retries). */
  rotateRefreshTokens?: pulumi.Input<boolean>;
}

/** A product's app client: the code grant with its exact callback and logout URLs, and a secret. */
export class ProductClient extends pulumi.ComponentResource {
  readonly client: aws.cognito.UserPoolClient;

  constructor(name: string, args: ProductClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:cognito:ProductClient', name, {}, opts);
    const appUrl = pulumi.output(args.appUrl).apply((url) => url.replace(/\/+$/, ''));
    this.client = new aws.cognito.UserPoolClient(
      name,
      {
        name,
        userPoolId: args.userPoolId,
        generateSecret: true,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        // The last lets the products' access tokens call GetUser and GlobalSignOut (one sign-out for every product).
        allowedOauthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        callbackUrls: [pulumi.interpolate`${appUrl}/auth/callback`],
        logoutUrls: [pulumi.interpolate`${appUrl}/`],
        supportedIdentityProviders: ['COGNITO'],
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        enableTokenRevocation: true,
        preventUserExistenceErrors: 'ENABLED',
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 30,
        tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
        refreshTokenRotation: pulumi
          .output(args.rotateRefreshTokens)
          .apply((rotate) => (rotate ? { feature: 'ENABLED', retryGracePeriodSeconds: 10 } : undefined)),
      },
      { parent: this },
    );
    this.registerOutputs({ clientId: this.client.id });
  }
}
