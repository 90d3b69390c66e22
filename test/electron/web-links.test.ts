/** A chat's web link as main shows it before opening it: the whole address, the host in ASCII. */
import { describe, expect, it } from 'vitest';
import { parseWebLink, webLinkConfirmation } from '../../electron/main/services/web-links';

function link(text: string) {
  const parsed = parseWebLink(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.link;
}

describe('parseWebLink', () => {
  it('gives an international host in its ASCII (punycode) form, the address normalized', () => {
    const idn = link('https://пример.рф/путь?q=ж#x');
    expect(idn.host).toBe('xn--e1afmkfd.xn--p1ai');
    expect(idn.international).toBe(true);
    expect(idn.href).toBe('https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=%D0%B6#x');
    // A Cyrillic "а" in front of "pple.com" is not apple.com, and says so.
    const lookAlike = link('https://\u0430pple.com/login');
    expect(lookAlike.host).toBe('xn--pple-43d.com');
    expect(lookAlike.international).toBe(true);
    expect(link('https://EXAMPLE.com:443/a b').href).toBe('https://example.com/a%20b');
    expect(link('https://example.com/').international).toBe(false);
  });

  it('keeps bidi controls and other invisible characters out of the address it opens', () => {
    const parsed = link('https://example.com/\u202egnp.exe');
    expect(parsed.href).toBe('https://example.com/%E2%80%AEgnp.exe');
    expect(parsed.href).toMatch(/^[\x21-\x7e]+$/);
  });

  it('refuses what is not an http(s) page on a named host, in words', () => {
    expect(parseWebLink('javascript:alert(1)')).toEqual({
      ok: false,
      problem: 'Only http and https links open.',
    });
    expect(parseWebLink('file:///etc/passwd')).toMatchObject({ ok: false });
    expect(parseWebLink('not a url')).toMatchObject({ ok: false });
    expect(parseWebLink('https://obyte.org@evil.example/pay')).toEqual({
      ok: false,
      problem:
        'This link puts a name before "@" so that it looks like another address; it really goes to evil.example. It was not opened.',
    });
  });
});

describe('the confirmation', () => {
  it('names the host plainly and shows the whole address', () => {
    const request = webLinkConfirmation(link('http://пример.рф/a?b=c'));
    expect(request.message).toBe('Open a page on xn--e1afmkfd.xn--p1ai in your browser?');
    expect(request.detail).toContain('Host: xn--e1afmkfd.xn--p1ai');
    expect(request.detail).toContain('an international name, shown in its ASCII form');
    expect(request.detail).toContain('The page is not encrypted (http).');
    expect(request.detail).toContain('Full address:\nhttp://xn--e1afmkfd.xn--p1ai/a?b=c');
    expect(request.confirm).toBe('Open in browser');
  });
});
