export { signKrakenRequest, decodeApiSecret, type SignInput } from './sign.ts';
export {
  NonceSource,
  NONCE_FORMAT,
  epochMicrosClock,
  nonceStatePath,
  sharedNonceSource,
  type MicrosClock,
  type NonceSourceOptions,
} from './nonce.ts';
export { Secret } from './secret.ts';
export { REDACTED, redact, redactValue, registerSecret } from './redact.ts';
export {
  loadKrakenCredentials,
  readKrakenSecretFile,
  parseSecretFileText,
  krakenCredentials,
  KrakenSecretsError,
  type KrakenCredentials,
  type LoadCredentialsOptions,
} from './secrets.ts';
