/** privacy screens — English. Keys must start with 'privacy.'; privacy.ru.ts and privacy.mk.ts define the same keys. */
export const privacyEn = {
} as const;
