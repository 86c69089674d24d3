import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../src/return-to.ts';

const app = 'http://localhost:8000';

describe('safeReturnTo', () => {
  it.each([
    ['/account', '/account'],
    ['/account?tab=identity#session', '/account?tab=identity#session'],
    ['/a/../admin', '/admin'],
    ['/search?q=%5C%2F%2F', '/search?q=%5C%2F%2F'],
    ['/caf%C3%A9', '/caf%C3%A9'],
  ])('keeps the in-app path %s', (value, expected) => {
    expect(safeReturnTo(value, app)).toBe(expected);
  });

  it.each([
    ['//evil.example/steal'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['https://evil.example/'],
    ['http://localhost:8000.evil.example/'],
    ['javascript:alert(1)'],
    ['/\tevil'],
    ['/\n/evil.example'],
    ['evil.example'],
    [''],
    ['/auth/login?returnTo=/account'],
    ['/auth/callback?code=x'],
    ['/%5Cevil.example'],
    ['/%5cevil.example'],
    ['/%2F%2Fevil.example'],
    ['/%2Fevil.example'],
    ['/%09/evil.example'],
    ['/%61uth/login'],
    ['/%E0%A4%A'],
    [undefined],
    [42],
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value, app)).toBe('/');
  });

  it('refuses a path too long for the cookie that carries it across the sign-in', () => {
    expect(safeReturnTo(`/account?q=${'x'.repeat(2000)}`, app)).toBe(`/account?q=${'x'.repeat(2000)}`);
    expect(safeReturnTo(`/account?q=${'x'.repeat(4096)}`, app)).toBe('/');
  });
});
