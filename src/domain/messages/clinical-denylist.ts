/**
 * Words that reveal a diagnosis, procedure, specialty or result when they appear where others can
 * see them (README 6.2 "Forbidden" column, and the dental FHIR fixtures' Condition and Procedure
 * displays). Matched case-insensitively as whole words or phrases.
 */
export const clinicalTerms: readonly string[] = [
  // conditions and diagnoses
  'caries', 'cavity', 'cavities', 'decay', 'periodontitis', 'periodontal', 'gum disease', 'gingivitis', 'abscess', 'abscesses',
  'infection', 'cancer', 'oral cancer', 'tumor', 'tumour', 'lesion', 'lesions', 'diagnosis', 'diagnosed', 'condition',
  'pregnancy', 'pregnant', 'diabetes', 'sleep apnea', 'tmj', 'tmd', 'bone loss', 'fracture', 'fractured',
  // procedures and treatments
  'root canal', 'root canals', 'endodontic', 'endodontics', 'extraction', 'extractions', 'implant', 'implants', 'crown', 'crowns',
  'bridge', 'bridges', 'denture', 'dentures', 'veneer', 'veneers', 'fillings', 'restoration', 'restorations', 'sealant', 'sealants',
  'srp', 'scaling', 'root planing', 'deep cleaning', 'prophylaxis', 'fluoride', 'sedation', 'anesthesia', 'biopsy', 'biopsies',
  'orthodontic', 'orthodontics', 'braces', 'aligner', 'aligners', 'invisalign', 'whitening', 'bleaching', 'surgery', 'surgical',
  'oral surgery', 'wisdom tooth', 'wisdom teeth', 'bone graft', 'sinus lift', 'pulpotomy', 'apicoectomy', 'post-op', 'post op',
  'treatment plan', 'procedure', 'procedures',
  // results
  'x-ray', 'x-rays', 'xray', 'xrays', 'radiograph', 'radiographs', 'imaging', 'lab results', 'test results', 'results', 'pathology',
  // specialty-revealing names
  'periodontist', 'endodontist', 'orthodontist', 'oral surgeon', 'maxillofacial', 'oncology', 'implant center',
];

export const financialTerms: readonly string[] = [
  'balance', 'balances', 'amount due', 'amount owed', 'you owe', 'owed', 'past due', 'overdue', 'payment failed', 'payment declined',
  'card declined', 'invoice', 'statement', 'copay', 'co-pay', 'deductible', 'insurance', 'collections', 'unpaid',
];
