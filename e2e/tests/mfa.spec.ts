import type { APIRequestContext } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expect, test } from '../support/fixtures.ts';
import { stack } from '../support/stack.ts';

/** The code an authenticator app shows for `secret`, `steps` 30-second steps from now. */
const totpCode = (secret: string, steps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });

/** One call of the login service's Cognito API, as the AWS SDK makes it. */
async function cognito(request: APIRequestContext, operation: string, input: Record<string, unknown>) {
  const response = await request.post(`${stack.loginServer}/`, {
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    data: input,
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status(), `${operation}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

test.describe('two-factor sign-in', () => {
  test.skip(
    stack.target === 'cognito',
    'sets a user up through the local pool admin API (no AWS credentials are checked there)',
  );

  test('a person with an authenticator app gives its code after the password, then is in product A', async ({
    page,
    request,
    products,
    journal,
  }) => {
    const email = `tova-${Date.now()}@example.com`;
    const password = 'Totp-passw0rd!';
    const UserPoolId = 'us-east-1_LocalPool';
    // The person's account, and an app client that signs in through the API, where they add TOTP.
    const { UserPoolClient } = (await cognito(request, 'CreateUserPoolClient', {
      UserPoolId,
      ClientName: 'e2e account app',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })) as { UserPoolClient: { ClientId: string } };
    await cognito(request, 'AdminCreateUser', {
      UserPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Tova Totp' },
      ],
    });
    await cognito(request, 'AdminSetUserPassword', {
      UserPoolId,
      Username: email,
      Password: password,
      Permanent: true,
    });
    const { AuthenticationResult } = (await cognito(request, 'InitiateAuth', {
      ClientId: UserPoolClient.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    })) as { AuthenticationResult: { AccessToken: string } };
    const { AccessToken } = AuthenticationResult;
    const { SecretCode } = (await cognito(request, 'AssociateSoftwareToken', { AccessToken })) as {
      SecretCode: string;
    };
    await cognito(request, 'VerifySoftwareToken', { AccessToken, UserCode: totpCode(SecretCode, -1) });
    await cognito(request, 'SetUserMFAPreference', {
      AccessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });

    await products.open('A');
    await products.startLogin();
    await products.signInOnHostedPage(email, password);
    await expect(page.getByRole('heading', { name: 'Enter your authentication code' })).toBeVisible();
    await journal.step('asked for the authenticator code');

    await page.getByLabel('Code').fill(totpCode(SecretCode));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.productA}/`);
    await products.expectSignedIn('Tova Totp');
    await journal.step('signed in on product A');
  });
});
