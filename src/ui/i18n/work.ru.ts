import type { workEn } from './work.en';

export const workRu: Record<keyof typeof workEn, string> = {
};
