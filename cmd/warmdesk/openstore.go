package main

import (
	"context"

	"github.com/warmdesk/warmdesk/internal/store"
)

// openStore opens the studio's database: a SQLite file (created on first
// use, but not again after it was lost: see store.Options) or a
// postgres:// URL.
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	return store.Open(ctx, dsn)
}
