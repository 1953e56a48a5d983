export type { OpenDentalKeys, OpenDentalStandIn, OpenDentalStandInOptions, ScriptedAnswer, StandInMode, StandInRequest } from './server.js';
export { hardLimits, startOpenDentalStandIn } from './server.js';
export type { PracticeOptions } from './generate-practice.js';
export { generatePractice } from './generate-practice.js';
export type { NewAppointment, NewCommlog } from './practice-editor.js';
export { PracticeEditor } from './practice-editor.js';
export type { OdClinic, OdDefinition, OdOperatory, OdPractice, OdProvider } from './practice.js';
