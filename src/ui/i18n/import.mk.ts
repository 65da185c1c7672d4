import type { importEn } from './import.en';

export const importMk: Record<keyof typeof importEn, string> = {
};
