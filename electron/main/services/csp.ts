/**
 * The renderer's Content Security Policy. The page may load only its own scripts and styles and
 * may reach no network at all (`connect-src 'none'`): everything goes through IPC. The same
 * string is in renderer/index.html (a test keeps them equal) and is sent as a header by the
 * app protocol, so the page is covered even if the meta tag were removed.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Only valid as a header (browsers ignore it in a meta tag). */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
