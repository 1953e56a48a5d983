/**
 * The port for keeping a practice system's keys unreadable at rest (src/connectors/secret-box.ts
 * implements it). `purpose` names what is sealed (the column), and a value opens only for the same purpose.
 */
export interface SecretSealer {
  seal(plain: string, purpose: string): string;
  open(sealed: string, purpose: string): string;
}
