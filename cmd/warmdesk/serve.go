package main

import (
	"fmt"
	"io"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "warmdesk serve: the widget server is not built yet (issue 4)")
	return 1
}
