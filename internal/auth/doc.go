// Package auth signs knowledge managers in to the studio.
//
// The model:
//   - Passwords are hashed with argon2id and stored in the PHC string
//     format ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so the parameters
//     travel with the hash and can be raised later without breaking old
//     accounts. Hashes are compared in constant time.
//   - A session is a random 256-bit token in an HttpOnly, SameSite=Strict
//     cookie (Secure, and named with the __Host- prefix, when the request
//     came over TLS). The store keeps only the token's SHA-256, so a copy
//     of the database hands out no sessions. Signing out deletes the
//     session on the server, not just the cookie.
//   - Every change (any method but GET, HEAD and OPTIONS) must carry the
//     session's CSRF token in the X-CSRF-Token header, and must not come
//     from another site: Sec-Fetch-Site, when the browser sends it, must be
//     same-origin (or none, for a typed URL), and Origin, when present,
//     must name this host. A form on another site can send neither header
//     right.
//   - Sign-in attempts are limited per account and per client address by
//     a sliding window of failures (Limiter), so guessing passwords is slow
//     even across many accounts or many addresses.
package auth
