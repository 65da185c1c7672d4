import type { syncEn } from './sync.en';

export const syncRu: Record<keyof typeof syncEn, string> = {
};
