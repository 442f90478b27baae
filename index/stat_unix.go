//go:build unix

package index

import (
	"io/fs"
	"syscall"
)

// inodeDevice returns the inode and device of a file.
func inodeDevice(fi fs.FileInfo) (ino, dev uint64) {
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(sys.Ino), uint64(sys.Dev) //nolint:unconvert // narrower on some systems
	}
	return 0, 0
}
