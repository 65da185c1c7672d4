import type { analyticsEn } from './analytics.en';

export const analyticsRu: Record<keyof typeof analyticsEn, string> = {
};
