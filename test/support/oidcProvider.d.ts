// oidc-provider ships no type declarations; the test server uses a small part of its API.
declare module 'oidc-provider';
