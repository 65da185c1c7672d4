/** import screens — English. Keys must start with 'import.'; import.ru.ts and import.mk.ts define the same keys. */
export const importEn = {
} as const;
