import type { importEn } from './import.en';

export const importRu: Record<keyof typeof importEn, string> = {
};
