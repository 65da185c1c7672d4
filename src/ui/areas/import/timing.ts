/**
 * The import's steps on the browser's performance timeline (`kartoteka:import-<step>`), so the
 * time the app takes can be told from the time a person (or a test driver) takes between steps:
 * the import bench reads pick → stored as `pick` → `stored-shown`. "Shown" is marked after the
 * next frame is painted, not when the DOM changed.
 */
export type ImportStep = 'pick' | 'mapping-shown' | 'check' | 'review-shown' | 'confirm' | 'stored-shown';

export function markStep(step: ImportStep): void {
  performance.mark(`kartoteka:import-${step}`);
}

export function markShown(step: Extract<ImportStep, `${string}-shown`>): void {
  // rAF runs before the paint; a task queued from it runs after the frame is presented.
  requestAnimationFrame(() => setTimeout(() => markStep(step), 0));
}
