import type { privacyEn } from './privacy.en';

export const privacyMk: Record<keyof typeof privacyEn, string> = {
};
