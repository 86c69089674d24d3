import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The server's half of Cognito's Secure Remote Password protocol (SRP-6a, USER_SRP_AUTH), as AWS's
 * own clients (amazon-cognito-identity-js, Amplify) compute the other half: RFC 5054's 3072-bit group
 * with g = 2, SHA-256, and Cognito's own choices for x, the key (HKDF "Caldera Derived Key") and the
 * signed claim. Numbers cross the wire as hex; every hash input is hex padded the way those clients pad.
 */

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/**
 * A non-negative number as the clients hash it: even-length hex, with a 00 byte in front when the top
 * bit is set (so that it reads as positive, as Java's BigInteger would write it).
 */
function padHex(n: bigint): string {
  const hex = n.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return /^[89a-f]/.test(even) ? `00${even}` : even;
}

const fromHex = (hex: string) => BigInt(`0x${hex}`);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const hashHex = (hex: string) => fromHex(sha256(Buffer.from(hex, 'hex')).toString('hex'));

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const k = hashHex(padHex(N) + padHex(g));

/** Cognito's "pool name" in the SRP hashes: the user pool id after the region (`LocalPool` of `us-east-1_LocalPool`). */
export function srpPoolName(userPoolId: string): string {
  return userPoolId.slice(userPoolId.indexOf('_') + 1);
}

export interface SrpVerifier {
  /** hex */
  salt: string;
  /** g^x mod N, hex: as secret as a password hash (it allows guessing the password offline). */
  verifier: string;
}

/** What the server keeps for a password: x = H(salt | H(poolName | userId | ":" | password)), v = g^x. */
export function makeVerifier(poolName: string, userId: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: modPow(g, privateValue(poolName, userId, password, salt), N).toString(16) };
}

function privateValue(poolName: string, userId: string, password: string, salt: string): bigint {
  const inner = sha256(`${poolName}${userId}:${password}`).toString('hex');
  // The clients hash the salt as they parsed it: a number, padded again.
  return hashHex(padHex(fromHex(salt)) + inner);
}

/** The server's ephemeral pair for one sign-in: b stays on the server, B = k·v + g^b goes to the client. */
export function serverEphemeral(verifier: string): { b: string; B: string } {
  const v = fromHex(verifier);
  for (;;) {
    const b = fromHex(randomBytes(128).toString('hex'));
    const B = (k * v + modPow(g, b, N)) % N;
    if (B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** Whether SRP_A is a usable public value (SRP-6a: A mod N must not be 0). */
export function validPublicValue(srpA: string): boolean {
  return /^[0-9a-f]{1,1024}$/i.test(srpA) && fromHex(srpA) % N !== 0n;
}

export interface PasswordClaim {
  poolName: string;
  userId: string;
  verifier: string;
  /** The client's public value and the server's pair, hex. */
  A: string;
  b: string;
  B: string;
  /** PASSWORD_CLAIM_SECRET_BLOCK, base64, as handed out. */
  secretBlock: string;
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
}

/**
 * Checks PASSWORD_CLAIM_SIGNATURE: the client proves it derived the same session key S, by signing
 * poolName | userId | SECRET_BLOCK | TIMESTAMP with HKDF(S, u).
 */
export function verifyPasswordClaim(claim: PasswordClaim): boolean {
  if (!validPublicValue(claim.A)) return false;
  const A = fromHex(claim.A);
  const B = fromHex(claim.B);
  const u = hashHex(padHex(A) + padHex(B));
  if (u === 0n) return false;
  const S = modPow(A * modPow(fromHex(claim.verifier), u, N), fromHex(claim.b), N);
  const key = Buffer.from(
    hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), 'Caldera Derived Key', 16),
  );
  const expected = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(claim.poolName, 'utf8'),
        Buffer.from(claim.userId, 'utf8'),
        Buffer.from(claim.secretBlock, 'base64'),
        Buffer.from(claim.timestamp, 'utf8'),
      ]),
    )
    .digest();
  const given = Buffer.from(claim.signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A moment in Cognito's TIMESTAMP format, `ddd MMM D HH:mm:ss UTC YYYY` (day not padded, as the clients write it). */
function formatClaimTimestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${weekdays[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(
    date.getUTCMinutes(),
  )}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** The moment a claim's TIMESTAMP names; undefined when it is not one in Cognito's format. */
export function parseClaimTimestamp(value: string): Date | undefined {
  const match = /^\w{3} (\w{3}) (\d{1,2}) (\d\d):(\d\d):(\d\d) UTC (\d{4})$/.exec(value);
  if (!match) return undefined;
  const [, month, day, hours, minutes, seconds, year] = match.map(String);
  const date = new Date(
    Date.UTC(
      Number(year),
      months.indexOf(month as string),
      Number(day),
      Number(hours),
      Number(minutes),
      Number(seconds),
    ),
  );
  // Written back, it must read the same: no 31 Feb, no weekday that is not that date's, no hour 25.
  return Number.isNaN(date.getTime()) || formatClaimTimestamp(date) !== value ? undefined : date;
}
