import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../src/return-to.ts';

const app = 'http://localhost:8000';

describe('safeReturnTo', () => {
  it.each([
    ['/account', '/account'],
    ['/account?tab=identity#session', '/account?tab=identity#session'],
    ['/a/../admin', '/admin'],
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
    [undefined],
    [42],
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value, app)).toBe('/');
  });
});
