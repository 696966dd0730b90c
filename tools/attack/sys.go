package main

import (
	"os"
	"syscall"
)

// syscallZero is the signal that only asks whether a process exists.
func syscallZero() os.Signal { return syscall.Signal(0) }
