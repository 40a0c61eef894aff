import { config } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * zod as the functions use it: the mini build, whose functions a bundle keeps
 * only when it calls them, with zod's English messages. The mini build loads
 * no locale of its own, and the messages reach callers in 400 answers, so
 * every schema under functions/ imports zod from here rather than from 'zod'.
 */
config(en());

export * from 'zod/mini';
