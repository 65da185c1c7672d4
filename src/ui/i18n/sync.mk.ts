import type { syncEn } from './sync.en';

export const syncMk: Record<keyof typeof syncEn, string> = {
};
