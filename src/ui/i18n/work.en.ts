/** work screens — English. Keys must start with 'work.'; work.ru.ts and work.mk.ts define the same keys. */
export const workEn = {
} as const;
