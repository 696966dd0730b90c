//go:build !linux

package main

// roomyDevShm: only Linux has /dev/shm (and the flag is Linux's).
func roomyDevShm() bool { return true }
