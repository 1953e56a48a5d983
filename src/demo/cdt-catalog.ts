/** The CDT procedures the demo clinic performs, with typical US fees (cents). */
export const cdt = {
  periodicExam: { code: 'D0120', description: 'periodic oral evaluation', fee: 6_000 },
  comprehensiveExam: { code: 'D0150', description: 'comprehensive oral evaluation', fee: 9_500 },
  perioExam: { code: 'D0180', description: 'comprehensive periodontal evaluation', fee: 10_500 },
  bitewings: { code: 'D0274', description: 'bitewings - four radiographic images', fee: 7_000 },
  adultProphy: { code: 'D1110', description: 'prophylaxis - adult', fee: 11_000 },
  childProphy: { code: 'D1120', description: 'prophylaxis - child', fee: 8_000 },
  fluoride: { code: 'D1206', description: 'topical application of fluoride varnish', fee: 4_000 },
  fillingOne: { code: 'D2391', description: 'resin-based composite - one surface, posterior', fee: 18_000 },
  fillingTwo: { code: 'D2392', description: 'resin-based composite - two surfaces, posterior', fee: 23_000 },
  crown: { code: 'D2740', description: 'crown - porcelain/ceramic', fee: 125_000 },
  srpQuad: { code: 'D4341', description: 'periodontal scaling and root planing - four or more teeth per quadrant', fee: 26_000 },
  perioMaintenance: { code: 'D4910', description: 'periodontal maintenance', fee: 16_500 },
  simpleExtraction: { code: 'D7140', description: 'extraction, erupted tooth or exposed root', fee: 19_000 },
  surgicalExtraction: { code: 'D7210', description: 'extraction, erupted tooth requiring removal of bone', fee: 32_000 },
  implant: { code: 'D6010', description: 'surgical placement of implant body: endosteal implant', fee: 210_000 },
} as const;

export type CdtEntry = (typeof cdt)[keyof typeof cdt];
