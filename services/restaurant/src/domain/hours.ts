/**
 * Opening hours. A restaurant's hours are rows of (day, opens, closes) in campus local time; a row whose
 * `closes` is not after its `opens` runs past midnight into the next day (the late-night canteen opens
 * 18:00 and closes 02:00). Every row becomes one window on a week-long clock of minutes since Sunday
 * 00:00 local time, which is what both "open now" in code and the openNow filter in SQL compare
 * against, so the two cannot disagree about past-midnight rows.
 */

/** HKUST is in Hong Kong: "open now" is decided on the campus clock, wherever the server runs. */
export const CAMPUS_TIME_ZONE = "Asia/Hong_Kong";

export const MINUTES_PER_DAY = 24 * 60;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export interface OpeningHours {
  /** 0 = Sunday … 6 = Saturday, the day the window opens on. */
  day: number;
  /** Local time `HH:MM`. */
  opens: string;
  /** Local time `HH:MM`; at or before `opens` means the next day. */
  closes: string;
}

/**
 * One opening on the week clock: `startMinute` in [0, MINUTES_PER_WEEK), `endMinute` after it by at
 * most a day, so a Saturday-night window may end past MINUTES_PER_WEEK (i.e. on Sunday morning).
 */
export interface WeekWindow {
  startMinute: number;
  endMinute: number;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since local midnight of an `HH:MM` time; `24:00` is the end of the day. */
export function minuteOfDay(clock: string): number {
  const match = CLOCK.exec(clock);
  if (!match) throw new RangeError(`not an HH:MM time: ${clock}`);
  if (clock === "24:00") return MINUTES_PER_DAY;
  return Number(match[1]) * 60 + Number(match[2]);
}

export function toWeekWindow(hours: OpeningHours): WeekWindow {
  if (!Number.isInteger(hours.day) || hours.day < 0 || hours.day > 6)
    throw new RangeError(`day must be 0..6, got ${hours.day}`);
  const opens = minuteOfDay(hours.opens);
  let closes = minuteOfDay(hours.closes);
  // Equal times mean round the clock; an earlier closing time is tomorrow's.
  if (closes <= opens) closes += MINUTES_PER_DAY;
  const startMinute = hours.day * MINUTES_PER_DAY + opens;
  return { startMinute, endMinute: hours.day * MINUTES_PER_DAY + closes };
}

const campusClock = new Intl.DateTimeFormat("en-US", {
  timeZone: CAMPUS_TIME_ZONE,
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Minutes since Sunday 00:00 on the campus clock at `instant`. */
export function campusWeekMinute(instant: Date): number {
  let day = -1;
  let hour = 0;
  let minute = 0;
  for (const part of campusClock.formatToParts(instant)) {
    if (part.type === "weekday") day = WEEKDAYS.indexOf(part.value);
    else if (part.type === "hour") hour = Number(part.value);
    else if (part.type === "minute") minute = Number(part.value);
  }
  if (day < 0) throw new RangeError(`cannot place ${instant.toISOString()} on the campus clock`);
  return day * MINUTES_PER_DAY + hour * 60 + minute;
}

/**
 * Whether a window covers `weekMinute`. A window that ends past the end of the week also covers the
 * start of the next week, so the minute is tried a week later as well. The SQL filter in the
 * repository applies exactly this test.
 */
export function windowCovers(window: WeekWindow, weekMinute: number): boolean {
  const covers = (m: number) => window.startMinute <= m && m < window.endMinute;
  return covers(weekMinute) || covers(weekMinute + MINUTES_PER_WEEK);
}

export function isOpenAt(hours: readonly OpeningHours[], instant: Date): boolean {
  const minute = campusWeekMinute(instant);
  return hours.some((h) => windowCovers(toWeekWindow(h), minute));
}
