// Package studio is the knowledge managers' HTTP API under /studio/api/
// (the contract is package studioapi) and the published library the
// widgets load (/library.json).
//
// The model:
//   - The store holds every revision of the library; a save names the
//     revision it was based on and is refused with 409, showing what
//     changed meanwhile, when that is no longer the newest. A library that
//     fails validation is refused with 422 and every problem. Stored
//     documents are canonical (parsed, then written by MarshalIndent), so
//     revisions compare cleanly.
//   - Publishers publish a revision and restore old ones (as a new
//     revision); widgets get only the published revision, with an ETag
//     made of its id and content, so a poll with If-None-Match costs a 304.
//   - Sign-in, sessions, CSRF and rate limits are package auth's; every
//     route here says which role it needs.
//   - The quality report of a revision is computed in the background after
//     each save, one at a time, newest first, and kept per revision: the
//     report page shows progress until it is done.
//   - Widgets report usage events (ids, ranks and edit ratios, never
//     customer text) without signing in; batches are size-limited,
//     rate-limited per client address and validated against the revision
//     they name.
package studio
