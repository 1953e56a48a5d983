/** Cadences: business days per location, times of day, and the next touch of a case. */
export {
  businessCalendarFor, holidayOn, isBusinessDay, localDateOf, addCalendarDays, nextBusinessDay, addBusinessDays,
  atLocalTime, nextOpenInstant, openingTime, closingTime, weekdayHours, type BusinessCalendar, type DayHours, type Closure, type HoursKind,
} from './business-days.js';
export { timesOfDay, defaultTimeOfDaySlots, timeOfDayOf, differentTimeOfDay, type TimeOfDay, type TimeOfDaySlots } from './time-of-day.js';
export {
  cadenceChannels, cadenceEndings, cadenceSchema, cadenceStepSchema, type Cadence, type CadenceStep, type CadenceChannel,
  type CadenceEnding, type StepDelay,
} from './cadence.js';
export { nextStep, type NextStep, type NextStepInput, type AttemptChannel } from './next-step.js';
export {
  isValidTimeZone, localDateIn, localDayIn, localMinutesIn, localTimeIn, localDateTimeIn, startOfLocalDate, atLocalTimeIn, addToLocalDate,
  addToInstantIn, parseDay, formatDay, weekdayOf, type DateParts,
} from './zoned-time.js';
