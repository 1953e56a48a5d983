/**
 * SHA-256 of data/us-calling-rules.json as shipped (hex). Pure code cannot hash a file, so the digest
 * is stored here; test/domain/compliance/rules-sha256.test.ts recomputes it from the file bytes so it
 * can never drift. After changing the JSON, update this constant and data/PROVENANCE.md.
 */
export const rulesSha256 = '57ece6ef63c1deb568ceac8ac72bc94d59f57fd2592dbd738b6d0635e83135a3';
