import * as z from './zod';

/**
 * Free text as people type it, and nothing else. Control characters (NUL, ESC
 * and the rest of C0 and C1) can forge log lines, drive terminals and break the
 * systems a case is passed on to; an unpaired surrogate is not Unicode at all,
 * and cannot be written as UTF-8. Multi-line text (descriptions, rationales)
 * may hold tabs and line breaks; single-line text (names, address lines, roles)
 * holds neither.
 */
export type TextLines = 'single-line' | 'multi-line';

// In a unicode regular expression \p{Cs} matches only a surrogate left unpaired.
const UNPAIRED_SURROGATE = /\p{Cs}/u;

const CONTROL: Record<TextLines, RegExp> = {
  'single-line': /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/u,
  // Tab, line feed and carriage return (a portal's text box sends CRLF), and the Unicode line and paragraph separators.
  'multi-line': /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u,
};

const CONTROL_MESSAGE: Record<TextLines, (what: string) => string> = {
  'single-line': (what) => `${what} must be a single line of text, without tabs, line breaks or other control characters`,
  'multi-line': (what) => `${what} must not contain control characters other than tabs and line breaks`,
};

/**
 * A string that is safe text, checked as sent (before any trimming), naming the
 * field in its messages. Chain the field's own rules (trim, lengths, patterns)
 * after it; a refusal here stops them, so each field gets one clear message.
 */
export function safeText(what: string, lines: TextLines): z.ZodMiniString<string> {
  return z
    .string({ error: `${what} must be text` })
    .check(
      z.refine((text) => !UNPAIRED_SURROGATE.test(text), { message: `${what} must be valid Unicode text: it holds an unpaired surrogate`, abort: true }),
      z.refine((text) => !CONTROL[lines].test(text), { message: CONTROL_MESSAGE[lines](what), abort: true }),
    );
}
