//go:build windows

package bleve

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lockFile takes a lock on f: exclusive or shared, waiting for it when wait,
// else failing at once with errLocked when another holds it.
func lockFile(f *os.File, exclusive, wait bool) error {
	var flags uint32
	if exclusive {
		flags |= windows.LOCKFILE_EXCLUSIVE_LOCK
	}
	if !wait {
		flags |= windows.LOCKFILE_FAIL_IMMEDIATELY
	}
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, windows.ERROR_LOCK_VIOLATION):
		return errLocked
	default:
		return &os.PathError{Op: "lock", Path: f.Name(), Err: err}
	}
}
