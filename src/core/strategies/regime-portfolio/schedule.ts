/** The daily downtime window lives in src/core/calendar (one implementation for every caller). */
export { formatWindow, inWindow, parseDailyWindow, type DailyWindow } from '../../calendar/downtime-window.ts';
