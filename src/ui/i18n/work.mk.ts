import type { workEn } from './work.en';

export const workMk: Record<keyof typeof workEn, string> = {
};
