/**
 * Sign-in, sign-out and set-password: GraphQL mutations that set or clear the HttpOnly session cookie
 * (the app never reads it). Errors are ApiErrors like any other request (docs/web.md, "Sign-in and sessions").
 */
import { graphql } from '@/gql';
import { gqlRequest } from './graphql-client';

const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      expiresAt
      user {
        id
        role
      }
    }
  }
`);

const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

const SetPasswordMutation = graphql(`
  mutation SetPassword($token: String!, $password: String!) {
    setPassword(token: $token, password: $password) {
      user {
        id
      }
    }
  }
`);

export const PasswordLinkQuery = graphql(`
  query PasswordLink($token: String!) {
    passwordLink(token: $token) {
      email
      name
      purpose
      expiresAt
    }
  }
`);

export async function signIn(email: string, password: string): Promise<void> {
  await gqlRequest(SignInMutation, { email, password });
}

export async function signOut(): Promise<void> {
  await gqlRequest(SignOutMutation);
}

/** Sets the password and signs in (the service sets the session cookie). */
export async function setPassword(token: string, password: string): Promise<void> {
  await gqlRequest(SetPasswordMutation, { token, password });
}
