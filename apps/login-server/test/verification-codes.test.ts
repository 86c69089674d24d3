import { beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from './support/cognito-api.ts';
import { mailedCode } from './support/mailbox.ts';
import { createUser, password, testClients, useTestServer } from './support/server.ts';

/** A code allows five tries, even when many arrive at the same moment. */
describe('verification code attempts', () => {
  const server = useTestServer();
  beforeAll(async () => {
    // Open every database connection first, so that the tries below do run at the same time.
    await Promise.all(
      Array.from({ length: 12 }, () =>
        call('ConfirmSignUp', { Username: 'nobody@example.com', ConfirmationCode: '1' }),
      ),
    );
  });

  const call = async (action: string, body: Record<string, unknown>) => {
    const response = await apiRequest(
      server.baseUrl,
      action,
      JSON.stringify({ ClientId: testClients.spa.id, ...body }),
    );
    return response.ok ? 'ok' : ((await response.json()) as { __type: string }).__type;
  };
  /** Twelve wrong codes at once, none of them the mailed one. */
  const wrongCodes = (right: string) =>
    Array.from({ length: 12 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
  const tally = (answers: string[]) => {
    const counts: Record<string, number> = {};
    for (const answer of answers) counts[answer] = (counts[answer] ?? 0) + 1;
    return counts;
  };

  it('answers only five of many concurrent wrong sign-up codes with CodeMismatch, then refuses even the right one', async () => {
    const email = 'racer@example.com';
    await server.services.selfService.signUp(email, password);
    const right = await mailedCode(server.baseUrl, email);
    const answers = await Promise.all(
      wrongCodes(right).map((code) => call('ConfirmSignUp', { Username: email, ConfirmationCode: code })),
    );
    expect(tally(answers)).toEqual({ CodeMismatchException: 5, LimitExceededException: 7 });
    expect(await call('ConfirmSignUp', { Username: email, ConfirmationCode: right })).toBe('LimitExceededException');
    expect(await server.services.users.find(email)).toMatchObject({ status: 'UNCONFIRMED' });
  });

  it('holds the same limit for password reset codes', async () => {
    const email = 'reset-racer@example.com';
    await createUser(server, email);
    expect(await call('ForgotPassword', { Username: email })).toBe('ok');
    const right = await mailedCode(server.baseUrl, email);
    const answers = await Promise.all(
      wrongCodes(right).map((code) =>
        call('ConfirmForgotPassword', { Username: email, ConfirmationCode: code, Password: 'N3w-passw0rd!' }),
      ),
    );
    expect(tally(answers)).toEqual({ CodeMismatchException: 5, LimitExceededException: 7 });
    expect(
      await call('ConfirmForgotPassword', { Username: email, ConfirmationCode: right, Password: 'N3w-passw0rd!' }),
    ).toBe('LimitExceededException');
  });

  it('still accepts the right code within the limit, once', async () => {
    const email = 'patient@example.com';
    await server.services.selfService.signUp(email, password);
    const right = await mailedCode(server.baseUrl, email);
    for (const code of wrongCodes(right).slice(0, 4)) {
      expect(await call('ConfirmSignUp', { Username: email, ConfirmationCode: code })).toBe('CodeMismatchException');
    }
    const answers = await Promise.all([
      call('ConfirmSignUp', { Username: email, ConfirmationCode: right }),
      call('ConfirmSignUp', { Username: email, ConfirmationCode: right }),
    ]);
    expect(answers.filter((answer) => answer === 'ok')).toHaveLength(1);
    expect(await server.services.users.find(email)).toMatchObject({ status: 'CONFIRMED' });
  });
});
