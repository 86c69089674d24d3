import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/**
 * AWS's own verifier, pointed at a configurable issuer: the recipe apps use against the local
 * server (its default fetcher accepts https only, so this fetcher reads over plain fetch). With
 * `groups`, a token must name one of them in `cognito:groups` (the verifier's own group check).
 */
export function cognitoVerifier(
  issuer: string,
  tokenUse: 'id' | 'access',
  clientId: string,
  jwksUri = `${issuer}/.well-known/jwks.json`,
  groups?: string[],
) {
  return JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId, groups }),
    },
    { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } }) },
  );
}
