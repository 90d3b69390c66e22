/**
 * Web links from chat messages, as main shows them before opening one: the whole address as
 * the URL standard writes it, and the host plainly — an international name in its ASCII
 * ("punycode", xn--…) form, so a look-alike host (a Cyrillic "о" for a Latin "o") cannot pass
 * for the real one. The link opens only after the user confirmed it in a dialog main owns
 * (ipc/chat-handlers.ts, links.openWeb).
 */
import type { ConfirmRequest } from './user-confirmation';

export interface WebLink {
  /** The whole address, normalized: ASCII only (host in punycode, the rest percent-encoded). */
  readonly href: string;
  /** The host name in ASCII, as the browser will contact it. */
  readonly host: string;
  /** The host was written with letters beyond ASCII (shown here in its ASCII form). */
  readonly international: boolean;
  /** https: the page is reached encrypted; http: it is not. */
  readonly secure: boolean;
}

export type WebLinkParse =
  { readonly ok: true; readonly link: WebLink } | { readonly ok: false; readonly problem: string };

/** The link if it may be offered for opening, else why not, in words. */
export function parseWebLink(text: string): WebLinkParse {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'This is not a web address, so it was not opened.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'Only http and https links open.' };
  }
  if (url.hostname === '') {
    return { ok: false, problem: 'This web address has no host, so it was not opened.' };
  }
  if (url.username !== '' || url.password !== '') {
    // "https://obyte.org@evil.example/" goes to evil.example: the part before "@" only looks
    // like a host.
    return {
      ok: false,
      problem: `This link puts a name before "@" so that it looks like another address; it really goes to ${url.hostname}. It was not opened.`,
    };
  }
  return {
    ok: true,
    link: {
      href: url.href,
      host: url.hostname,
      international: url.hostname.split('.').some((label) => label.startsWith('xn--')),
      secure: url.protocol === 'https:',
    },
  };
}

/** What the dialog says before a web link opens. */
export function webLinkConfirmation(link: WebLink): ConfirmRequest {
  const notes = [
    `Host: ${link.host}`,
    ...(link.international
      ? [
          'This host is an international name, shown in its ASCII form (xn--…): it is not the same host as a name that only looks alike.',
        ]
      : []),
    ...(link.secure ? [] : ['The page is not encrypted (http).']),
  ];
  return {
    title: 'Open a web page',
    message: `Open a page on ${link.host} in your browser?`,
    detail: [
      ...notes,
      '',
      'Full address:',
      link.href,
      '',
      'The link comes from a chat message. Never type your recovery phrase or wallet password into a web page.',
    ].join('\n'),
    confirm: 'Open in browser',
  };
}
