/** sync screens — English. Keys must start with 'sync.'; sync.ru.ts and sync.mk.ts define the same keys. */
export const syncEn = {
} as const;
