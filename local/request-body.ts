/**
 * A signed request's body as text. The JSON protocols' serialisers give a
 * string or bytes; read bytes as the bytes they are, since the SDK's byte
 * bodies also answer string methods, with a warning.
 */
export function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  const bytes = body as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
