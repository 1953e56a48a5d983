/** The Open Dental stand-in ships with Recare (`recare serve --demo-connector`); tests reach it here. */
export * from '../../src/connectors/open-dental/stand-in/index.js';
