import { createContext, useContext } from 'react';

/**
 * This response's Content-Security-Policy nonce, for the inline scripts the server
 * renders (server/security-headers.ts makes one per request; entry.server provides it). In the
 * browser it is empty: browsers hide nonces from the page, and nothing rendered there needs one.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export const useNonce = () => useContext(NonceContext);
