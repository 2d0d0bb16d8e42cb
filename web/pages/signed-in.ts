/**
 * Who is signed in, for the page frame: `render()` provides it around every page, and `Layout` (and
 * anything else in the page) reads it with `useSignedIn()`, so no page has to pass it down by hand.
 */
import { createContext, useContext } from 'hono/jsx';

export interface SignedInPerson {
  email: string;
  role: string;
}

export const SignedInContext = createContext<SignedInPerson | undefined>(undefined);

export const useSignedIn = (): SignedInPerson | undefined => useContext(SignedInContext);
