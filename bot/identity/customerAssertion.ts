import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, errors, importSPKI, jwtVerify, type CryptoKey, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { ASYMMETRIC_ALGORITHMS, type Config } from '../../core/config.js';
import { AppError, ConfigError } from '../../core/errors.js';

/**
 * Signed customer assertions: the shop's backend, which knows who is logged in, signs a short-lived JWT whose `sub`
 * is the customer id (HS256 with a shared secret, or RS/PS/ES/EdDSA with its private key; the bot holds the public
 * key or a JWKS). The bot checks signature, algorithm, issuer, audience, expiry, not-before and age with `jose`.
 */
export interface VerifiedCustomer {
  customerId: string;
  /** Display name, when the shop included one. */
  name?: string;
}

export interface CustomerAssertionVerifier {
  /** Resolves with the customer, or throws AppError UNAUTHORIZED (401) naming the reason. */
  verify(assertion: string): Promise<VerifiedCustomer>;
}

type IdentityConfig = Config['security']['identity'];
type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | Uint8Array>;

const CUSTOMER_ID = /^[\w.:@-]{1,128}$/;

function rejected(reason: string, cause?: unknown): AppError {
  return new AppError('UNAUTHORIZED', `customer assertion rejected: ${reason}`, { cause, details: { reason } });
}

/** jose's failures as reasons a shop's developer can act on (the assertion itself is never echoed). */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return error.claim === 'iat' ? 'issued too long ago (IDENTITY_MAX_AGE_S)' : 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim '${error.claim}' ${error.reason === 'missing' ? 'is missing' : 'is not acceptable'}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key matches its kid/alg';
  return 'malformed';
}

async function readKeyFile(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${variable}: cannot read ${file}`, { cause: error });
  }
}

async function publicKeyResolver(config: IdentityConfig): Promise<{ resolve: KeyResolver; algorithms: string[] } | undefined> {
  if (config.publicKeyFile !== undefined) {
    let key: CryptoKey;
    try {
      key = await importSPKI(await readKeyFile('IDENTITY_PUBLIC_KEY_FILE', config.publicKeyFile), config.publicKeyAlgorithm);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`Invalid configuration: IDENTITY_PUBLIC_KEY_FILE: not a ${config.publicKeyAlgorithm} public key (PEM, SPKI)`, { cause: error });
    }
    return { resolve: async () => key, algorithms: [config.publicKeyAlgorithm] };
  }
  if (config.jwksFile !== undefined) {
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(await readKeyFile('IDENTITY_JWKS_FILE', config.jwksFile)) as JSONWebKeySet;
      if (!Array.isArray(jwks.keys)) throw new Error('no "keys" array');
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError('Invalid configuration: IDENTITY_JWKS_FILE: not a JSON Web Key Set', { cause: error });
    }
    const keySet = createLocalJWKSet(jwks);
    return { resolve: (header, token) => keySet(header, token), algorithms: [...ASYMMETRIC_ALGORITHMS] };
  }
  return undefined;
}

/** The verifier for the configured keys, or undefined when no key is configured (the exchange route is then off). */
export async function createAssertionVerifier(config: IdentityConfig): Promise<CustomerAssertionVerifier | undefined> {
  const publicKeys = await publicKeyResolver(config);
  const secret = config.hs256Secret === undefined ? undefined : new TextEncoder().encode(config.hs256Secret);
  if ((publicKeys === undefined && secret === undefined) || config.issuer === undefined || config.audience === undefined) return undefined;
  const algorithms = [...(secret === undefined ? [] : ['HS256']), ...(publicKeys?.algorithms ?? [])];
  const resolve: KeyResolver = async (header, token) => {
    if (header.alg === 'HS256' && secret !== undefined) return secret;
    if (publicKeys === undefined) throw new errors.JOSEAlgNotAllowed(`"${String(header.alg)}" is not allowed`);
    return publicKeys.resolve(header, token);
  };
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
    clockTolerance: config.clockToleranceSeconds,
    maxTokenAge: config.maxAgeSeconds,
    requiredClaims: ['sub', 'exp', 'iat'],
  };
  return {
    async verify(assertion: string): Promise<VerifiedCustomer> {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(assertion, resolve, options));
      } catch (error) {
        throw rejected(reasonOf(error), error);
      }
      const customerId = payload.sub;
      if (typeof customerId !== 'string' || !CUSTOMER_ID.test(customerId)) throw rejected("claim 'sub' is not a customer id (letters, digits, _ . : @ -)");
      const name = typeof payload.name === 'string' && payload.name.length <= 128 ? payload.name : undefined;
      return name === undefined ? { customerId } : { customerId, name };
    },
  };
}
