package main

import (
	"context"
	"errors"

	"github.com/warmdesk/warmdesk/cmd/internal/store"
)

// openStore opens the studio's database. PENDING: store.Open lands with
// the SQLite backend; until then no command can open a database.
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	return nil, errors.New("the store backends are not built yet")
}
