import { matchesPattern } from '../config/defaults.ts';
import { CognitoError } from '../pool/errors.ts';

/**
 * Cognito's words for input that breaks an operation's constraints, checked before the operation
 * runs: `1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint:
 * Member must have value greater than or equal to 0` (every broken constraint, joined by `; `).
 */
export class Violations {
  private readonly found: string[] = [];

  /** A sensitive field's value (a username) is not repeated back, as Cognito does not. */
  add(field: string, value: unknown, constraint: string, sensitive = false): void {
    const shown = sensitive ? '' : value === undefined || value === null ? 'null ' : `'${String(value)}' `;
    this.found.push(`Value ${shown}at '${field}' failed to satisfy constraint: Member must ${constraint}`);
  }

  /** A string field's length and pattern (Cognito's limits in config/defaults.ts). */
  text(
    field: string,
    value: string | undefined,
    rules: { required?: boolean; minLength?: number; maxLength?: number; pattern?: string; sensitive?: boolean },
  ): void {
    const add = (constraint: string) => this.add(field, value, constraint, rules.sensitive);
    if (value === undefined) {
      if (rules.required) add('not be null');
      return;
    }
    if (rules.minLength !== undefined && value.length < rules.minLength) {
      add(`have length greater than or equal to ${rules.minLength}`);
    }
    if (rules.maxLength !== undefined && value.length > rules.maxLength) {
      add(`have length less than or equal to ${rules.maxLength}`);
    }
    if (rules.pattern && !matchesPattern(rules.pattern, value)) {
      add(`satisfy regular expression pattern: ${rules.pattern}`);
    }
  }

  range(field: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (value < min) this.add(field, value, `have value greater than or equal to ${min}`);
    else if (value > max) this.add(field, value, `have value less than or equal to ${max}`);
  }

  check(): void {
    const n = this.found.length;
    if (n > 0) {
      throw new CognitoError(
        'InvalidParameterException',
        `${n} validation error${n === 1 ? '' : 's'} detected: ${this.found.join('; ')}`,
      );
    }
  }
}
