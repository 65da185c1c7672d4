/** analytics screens — English. Keys must start with 'analytics.'; analytics.ru.ts and analytics.mk.ts define the same keys. */
export const analyticsEn = {
} as const;
