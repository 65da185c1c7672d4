import type { privacyEn } from './privacy.en';

export const privacyRu: Record<keyof typeof privacyEn, string> = {
};
