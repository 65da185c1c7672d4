import type { analyticsEn } from './analytics.en';

export const analyticsMk: Record<keyof typeof analyticsEn, string> = {
};
