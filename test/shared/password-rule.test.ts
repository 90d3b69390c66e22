/**
 * The rule for new wallet passwords (said in words, never repeating the password) and the
 * strength estimate shown while typing.
 */
import { describe, expect, it } from 'vitest';
import {
  MIN_PASSWORD_CHARS,
  newPasswordProblem,
  PASSWORD_RULE,
  passwordStrength,
} from '../../shared/vocabulary/password-rule';
import { NewProtectionSchema } from '../../shared/ipc/keys-schemas';

describe('newPasswordProblem', () => {
  it.each([
    ['x', /^That password has 1 character; a wallet password needs at least 10 /],
    ['nine char', /^That password has 9 characters; /],
    ['', /^Choose a password for the wallet\. A wallet password has at least 10 characters/],
    ['aaaaaaaaaaaa', /one short pattern repeated/],
    ['abababababab', /one short pattern repeated/],
    ['123123123123', /one short pattern repeated/],
    ['AaAaAaAaAa', /one short pattern repeated/],
    ['1234567890', /plain run of keys or letters/],
    ['0987654321', /plain run of keys or letters/],
    ['qwertyuiop', /plain run of keys or letters/],
    ['QWERTYUIOPASDF', /plain run of keys or letters/],
    ['abcdefghijkl', /plain run of keys or letters/],
    ['7890123456', /plain run of keys or letters/],
    ['x'.repeat(1025), /too long \(1024 characters at most\)/],
  ])('refuses %j in words', (password, message) => {
    const problem = newPasswordProblem(password);
    expect(problem).toMatch(message);
    // Never the password itself in the sentence (it may be shown, printed or logged).
    if (!['1234567890', 'qwertyuiop'].includes(password) && password.length >= 3) {
      expect(problem).not.toContain(password);
    }
  });

  it('refuses what is not text', () => {
    expect(newPasswordProblem(undefined)).toBe('The password must be text.');
    expect(newPasswordProblem(12345678901)).toBe('The password must be text.');
  });

  it.each([
    'correct horse battery staple',
    'a long enough password',
    'Tr0ub4dor&3x',
    'café au lait',
    'зеленый чай утром',
    '🐈🐈🐈🐈🐈🐕🐕🐕🐕🐕',
  ])('accepts %j', (password) => {
    expect(newPasswordProblem(password)).toBeNull();
  });

  it('counts characters, not UTF-16 units, after NFC', () => {
    // Nine emoji are 18 UTF-16 units but nine characters.
    expect(newPasswordProblem('🐈🐈🐕🐈🐈🐕🐈🐈🐕')).toMatch(/has 9 characters/);
    // "é" typed as e + combining accent is one character.
    expect(newPasswordProblem('cafe\u0301 noir')).toMatch(/has 9 characters/);
  });

  it('is the rule of the IPC schema for new passwords', () => {
    const parsed = NewProtectionSchema.safeParse({ mode: 'password', password: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(newPasswordProblem('x'));
    expect(
      NewProtectionSchema.safeParse({ mode: 'password', password: 'a long enough password' })
        .success,
    ).toBe(true);
  });

  it('says the rule in one sentence with the number in it', () => {
    expect(PASSWORD_RULE).toContain(`at least ${MIN_PASSWORD_CHARS} characters`);
  });
});

describe('passwordStrength', () => {
  it('grows from too short to strong', () => {
    expect(passwordStrength('short').level).toBe('too-short');
    expect(passwordStrength('short').words).toBe('Too short: at least 10 characters (5 so far).');
    expect(passwordStrength('password12').level).toBe('weak');
    expect(passwordStrength('p4ssw0rd12').level).toBe('weak');
    expect(passwordStrength('aaaaaaaaab').level).toBe('weak');
    expect(passwordStrength('1234567890').level).toBe('weak');
    // A dictionary word and a digit: a guesser's first million tries.
    expect(passwordStrength('Sunflower7!').level).toBe('weak');
    expect(passwordStrength('Tr0ub4dor&3').level).toBe('fair');
    expect(passwordStrength('my dog is called rex').level).toBe('fair');
    expect(passwordStrength('correct horse battery staple').level).toBe('good');
    expect(passwordStrength('correct horse battery staple orbit').level).toBe('strong');
    expect(passwordStrength('vK#9qL!2zR@7wT$4').level).toBe('strong');
  });

  it('never rates a password the rule refuses above weak', () => {
    for (const refused of ['qwertyuiopasdfgh', 'abcabcabcabc', '12345678901234567890']) {
      expect(newPasswordProblem(refused)).not.toBeNull();
      expect(passwordStrength(refused).level).toBe('weak');
    }
  });
});
