package suggestions

import (
	_ "embed"
	"sync"

	"github.com/warmdesk/warmdesk/suggestions/data"
	"github.com/warmdesk/warmdesk/suggestions/library"
)

// DefaultLibraryJSON returns the embedded default English library document.
func DefaultLibraryJSON() []byte { return data.DefaultLibrary }

var (
	defaultOnce   sync.Once
	defaultEngine *Engine
	defaultErr    error
)

// Default returns the engine of the embedded default library, compiled
// once on first use and shared: an Engine is immutable.
func Default() (*Engine, error) {
	defaultOnce.Do(func() {
		lib, err := library.ParseLibrary("default.json", data.DefaultLibrary)
		if err != nil {
			defaultErr = err
			return
		}
		defaultEngine, defaultErr = Compile(lib)
	})
	return defaultEngine, defaultErr
}
