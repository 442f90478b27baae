//go:build !unix

package index

import "io/fs"

// inodeDevice returns zeros where the system has no inodes at hand.
func inodeDevice(fs.FileInfo) (ino, dev uint64) { return 0, 0 }
