import type { Area, AreaRoute } from './types';
import { workArea } from './work';
import { privacyArea } from './privacy';
import { importArea } from './import';
import { analyticsArea } from './analytics';
import { syncArea } from './sync';

const areas: Area[] = [workArea, privacyArea, importArea, analyticsArea, syncArea];

export const areaRoutes: AreaRoute[] = areas.flatMap((a) => a.routes).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
export const cardPanels = areas.flatMap((a) => a.cardPanels).sort((a, b) => a.order - b.order);
export const headerWidgets = areas.flatMap((a) => a.headerWidgets);
