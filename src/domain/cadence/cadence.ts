/**
 * A cadence: the ordered touches a program makes before it gives up, and what happens then. Data, so
 * a clinic can add a program with its own rhythm; validated with zod when a program is loaded.
 */
import { z } from 'zod';
import { attemptChannels } from '../compliance/types.js';
import { timesOfDay } from './time-of-day.js';

/** 'message' = SMS when the patient consented to texts, else email when consented, else skipped. */
export const cadenceChannels = [...attemptChannels, 'message'] as const;
export type CadenceChannel = (typeof cadenceChannels)[number];

export const cadenceEndings = ['close_unreachable', 'escalate_clinical'] as const;
export type CadenceEnding = (typeof cadenceEndings)[number];

export const stepDelaySchema = z.object({
  businessDays: z.number().int().min(0).max(60).optional(),
  days: z.number().int().min(0).max(366).optional(),
  hours: z.number().int().min(0).max(24 * 31).optional(),
}).strict();

export const cadenceStepSchema = z.object({
  channel: z.enum(cadenceChannels),
  /** Wait after the previous touch; the first step starts when the outreach window opens. */
  after: stepDelaySchema.optional(),
  /** 'different' = another part of the day than the previous touch (after a missed call). */
  timeOfDay: z.union([z.literal('different'), z.enum(timesOfDay)]).optional(),
  /** Short words for the worklist's "next step" column, e.g. "final call". */
  label: z.string().min(1).max(60).optional(),
}).strict();

export const cadenceSchema = z.object({
  steps: z.array(cadenceStepSchema).min(1).max(12),
  /** What happens when every step went unanswered. */
  whenExhausted: z.enum(cadenceEndings),
  /** Hard limit on touches (reactivation: 3), even if a clinic adds steps. */
  maxTouches: z.number().int().min(1).max(12).optional(),
  /** All touches within this many days of the first one (reactivation: 42, six weeks). */
  withinDays: z.number().int().min(1).max(366).optional(),
}).strict();

export type StepDelay = z.infer<typeof stepDelaySchema>;
export type CadenceStep = z.infer<typeof cadenceStepSchema>;
export type Cadence = z.infer<typeof cadenceSchema>;
