package main

import "syscall"

// roomyDevShm reports whether /dev/shm has room for Chromium's shared
// memory. A container's default of 64 MB does not, and Chromium is then
// told to use /tmp (--disable-dev-shm-usage); but a browser on an agent's
// laptop uses /dev/shm, and so should the benchmark when it can: with
// /tmp, warm starts measured 50–80 ms slower on the development machine.
func roomyDevShm() bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs("/dev/shm", &st); err != nil {
		return false
	}
	return uint64(st.Bavail)*uint64(st.Bsize) >= 1<<30
}
